package dev.mcpauth.bootstrap;

import dev.mcpauth.adapters.storage.memory.InMemoryAuthorizationCodeStore;
import dev.mcpauth.adapters.storage.memory.InMemoryClientRegistry;
import dev.mcpauth.adapters.storage.memory.InMemoryConsentStore;
import dev.mcpauth.adapters.storage.memory.InMemoryFailureCounter;
import dev.mcpauth.adapters.storage.memory.InMemoryGrantStore;
import dev.mcpauth.adapters.storage.memory.InMemoryKeyRingStore;
import dev.mcpauth.adapters.storage.memory.InMemoryPendingAuthorizationStore;
import dev.mcpauth.adapters.storage.memory.InMemorySessionStore;
import dev.mcpauth.adapters.storage.memory.InMemoryUsedTokens;
import dev.mcpauth.adapters.storage.redis.RedisStorage;
import dev.mcpauth.application.port.out.AuthorizationCodeStore;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.application.port.out.ConsentStore;
import dev.mcpauth.application.port.out.FailureCounter;
import dev.mcpauth.application.port.out.GrantStore;
import dev.mcpauth.application.port.out.KeyRingStore;
import dev.mcpauth.application.port.out.PendingAuthorizationStore;
import dev.mcpauth.application.port.out.SessionStore;
import dev.mcpauth.application.port.out.StorageUnavailableException;
import dev.mcpauth.application.port.out.UsedTokens;
import dev.mcpauth.bootstrap.config.InvalidConfigurationException;
import dev.mcpauth.bootstrap.config.McpAuthConfiguration;
import io.lettuce.core.RedisURI;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;

/** The configured token storage: in-memory (one instance) or Redis (shared by several instances). */
@Factory
public class StorageFactory {

    @Singleton
    @Bean(preDestroy = "close")
    StorageBackend storage(McpAuthConfiguration configuration, Clock clock) {
        McpAuthConfiguration.Storage storage = configuration.auth().storage();
        List<dev.mcpauth.domain.client.Client> staticClients = configuration.auth().clients();
        if (storage.redis().isEmpty()) {
            return new StorageBackend("memory", new InMemoryAuthorizationCodeStore(clock),
                    new InMemoryPendingAuthorizationStore(clock), new InMemoryGrantStore(clock),
                    new InMemoryConsentStore(clock), new InMemorySessionStore(clock), new InMemoryFailureCounter(clock),
                    new InMemoryKeyRingStore(), new InMemoryUsedTokens(clock), new InMemoryClientRegistry(staticClients),
                    () -> { }, () -> { });
        }
        McpAuthConfiguration.Redis redis = storage.redis().get();
        RedisStorage.Settings settings = RedisStorage.Settings.defaults().withKeyPrefix(redis.keyPrefix());
        RedisStorage connected;
        try {
            connected = redis.clusterNodes().isEmpty()
                    ? RedisStorage.connect(uri(redis), settings, clock)
                    : RedisStorage.connectCluster(redis.clusterNodes().stream().map(RedisURI::create).toList(),
                    settings, clock);
        } catch (StorageUnavailableException e) {
            throw new InvalidConfigurationException("mcpauth.auth.token-storage.config",
                    "cannot reach Redis at " + redis + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("mcpauth.auth.token-storage.config", e.getMessage());
        }
        return new StorageBackend("redis", connected.authorizationCodes(), connected.pendingAuthorizations(),
                connected.grants(), connected.consents(), connected.sessions(), connected.failureCounter(),
                connected.keyRing(), connected.usedTokens(), connected.clientRegistry(staticClients),
                connected::ping, connected::close);
    }

    private static RedisURI uri(McpAuthConfiguration.Redis redis) {
        if (redis.uri().isPresent()) {
            return RedisURI.create(redis.uri().get());
        }
        RedisURI.Builder builder = RedisURI.builder().withHost(redis.host()).withPort(redis.port())
                .withDatabase(redis.database()).withSsl(redis.tls());
        redis.password().ifPresent(password -> builder.withPassword(password.toCharArray()));
        return builder.build();
    }

    @Singleton
    AuthorizationCodeStore authorizationCodeStore(StorageBackend storage) {
        return storage.codes();
    }

    @Singleton
    PendingAuthorizationStore pendingAuthorizationStore(StorageBackend storage) {
        return storage.pendings();
    }

    @Singleton
    GrantStore grantStore(StorageBackend storage) {
        return storage.grants();
    }

    @Singleton
    ConsentStore consentStore(StorageBackend storage) {
        return storage.consents();
    }

    @Singleton
    SessionStore sessionStore(StorageBackend storage) {
        return storage.sessions();
    }

    @Singleton
    FailureCounter failureCounter(StorageBackend storage) {
        return storage.failures();
    }

    @Singleton
    KeyRingStore keyRingStore(StorageBackend storage) {
        return storage.keyRing();
    }

    @Singleton
    UsedTokens usedTokens(StorageBackend storage) {
        return storage.usedTokens();
    }

    @Singleton
    ClientRegistry clientRegistry(StorageBackend storage) {
        return storage.clients();
    }
}
