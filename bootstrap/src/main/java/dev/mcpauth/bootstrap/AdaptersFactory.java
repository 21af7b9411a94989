package dev.mcpauth.bootstrap;

import dev.mcpauth.adapters.idp.crypto.AesGcmSecretSealer;
import dev.mcpauth.adapters.idp.jose.JoseSigningKeys;
import dev.mcpauth.adapters.idp.jose.KeyRing;
import dev.mcpauth.adapters.idp.jose.SharedSigningKeys;
import dev.mcpauth.adapters.idp.jose.SigningAlgorithm;
import dev.mcpauth.adapters.idp.jose.SigningKey;
import dev.mcpauth.adapters.idp.password.BouncyCastlePasswordHasher;
import dev.mcpauth.adapters.idp.random.SecureRandomTokenGenerator;
import dev.mcpauth.adapters.storage.memory.InMemoryUserDirectory;
import dev.mcpauth.application.port.out.KeyRingStore;
import dev.mcpauth.application.port.out.PasswordHasher;
import dev.mcpauth.application.port.out.SecretSealer;
import dev.mcpauth.application.port.out.TokenGenerator;
import dev.mcpauth.application.port.out.UserDirectory;
import dev.mcpauth.bootstrap.config.InvalidConfigurationException;
import dev.mcpauth.bootstrap.config.McpAuthConfiguration;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Optional;

/** The adapters behind the out ports other than storage: JOSE signing, sealing, password hashing, randomness. */
@Factory
public class AdaptersFactory {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    TokenGenerator tokenGenerator() {
        return new SecureRandomTokenGenerator();
    }

    @Singleton
    PasswordHasher passwordHasher() {
        return new BouncyCastlePasswordHasher();
    }

    /**
     * The AES-256-GCM sealer. Shared storage needs the configured key, or instances could not open each other's
     * sealed values; a single in-memory instance may generate one.
     */
    @Singleton
    SecretSealer secretSealer(McpAuthConfiguration configuration) {
        McpAuthConfiguration.Secrets secrets = configuration.auth().secrets();
        if (secrets.key().isEmpty()) {
            if (configuration.auth().storage().type() == McpAuthConfiguration.StorageType.REDIS) {
                throw new InvalidConfigurationException(AesGcmSecretSealer.CONFIG_KEY,
                        "is required with redis storage: every instance seals and opens the shared signing keys "
                                + "with it (32 random bytes, base64: openssl rand -base64 32)");
            }
            return AesGcmSecretSealer.generate();
        }
        try {
            return AesGcmSecretSealer.fromBase64(secrets.key().get(), secrets.previousKeys());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(AesGcmSecretSealer.CONFIG_KEY, e.getMessage());
        }
    }

    /**
     * The signing keys: from {@code signing.key-file} when given (every instance is handed the same file), otherwise
     * generated once and shared through the key store.
     */
    @Singleton
    SigningKeySource signingKeySource(McpAuthConfiguration configuration, KeyRingStore store, SecretSealer sealer,
                                      Clock clock) {
        McpAuthConfiguration.Signing signing = configuration.auth().signing();
        SigningAlgorithm algorithm = SigningAlgorithm.fromName(signing.algorithm());
        if (signing.keyFile().isPresent()) {
            try {
                return new SigningKeySource(Optional.empty(),
                        new JoseSigningKeys(KeyRing.of(SigningKey.load(signing.keyFile().get(), algorithm)), clock));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException("mcpauth.auth.signing.key-file", e.getMessage());
            }
        }
        try {
            SharedSigningKeys shared = SharedSigningKeys.open(store, sealer, algorithm, clock);
            return new SigningKeySource(Optional.of(shared), shared.keys());
        } catch (IllegalStateException e) {
            throw new InvalidConfigurationException(
                    e.getMessage().contains("secrets-key") ? AesGcmSecretSealer.CONFIG_KEY
                            : "mcpauth.auth.signing.algorithm", e.getMessage());
        }
    }

    @Singleton
    JoseSigningKeys signingKeys(SigningKeySource source) {
        return source.keys();
    }

    /** Where the keys came from: shared through the key store (and refreshed from it), or a configured file. */
    record SigningKeySource(Optional<SharedSigningKeys> shared, JoseSigningKeys keys) {
    }

    @Singleton
    UserDirectory userDirectory(LocalUsers users) {
        return new InMemoryUserDirectory(users.users());
    }
}
