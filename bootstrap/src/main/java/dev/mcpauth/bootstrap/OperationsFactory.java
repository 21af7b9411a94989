package dev.mcpauth.bootstrap;

import dev.mcpauth.adapters.idp.jose.JoseSigningKeys;
import dev.mcpauth.adapters.idp.jose.KeyRing;
import dev.mcpauth.application.port.in.CheckHealthUseCase;
import dev.mcpauth.application.port.out.HealthProbe;
import dev.mcpauth.application.service.CheckHealthService;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/** Health of the storage and of the signing keys, for {@code /health}. */
@Factory
public class OperationsFactory {

    @Singleton
    CheckHealthUseCase checkHealth(StorageBackend storage, JoseSigningKeys keys) {
        return new CheckHealthService(List.of(storageProbe(storage), keysProbe(keys)));
    }

    private static HealthProbe storageProbe(StorageBackend storage) {
        return new HealthProbe() {
            @Override
            public String component() {
                return "storage";
            }

            @Override
            public Map<String, Object> check() {
                storage.check();
                return Map.of("type", storage.type());
            }
        };
    }

    private static HealthProbe keysProbe(JoseSigningKeys keys) {
        return new HealthProbe() {
            @Override
            public String component() {
                return "signing-keys";
            }

            @Override
            public Map<String, Object> check() {
                KeyRing ring = keys.keyRing();
                return Map.of("algorithm", ring.active().algorithm().name(), "active-kid", ring.active().kid(),
                        "published", ring.publicJwks().size());
            }
        };
    }
}
