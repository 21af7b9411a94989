package dev.mcpauth.bootstrap;

import dev.mcpauth.adapters.idp.jose.JoseSigningKeys;
import dev.mcpauth.adapters.idp.jose.KeyRing;
import dev.mcpauth.adapters.idp.jose.SigningAlgorithm;
import dev.mcpauth.adapters.idp.jose.SigningKey;
import dev.mcpauth.adapters.idp.password.BouncyCastlePasswordHasher;
import dev.mcpauth.adapters.idp.random.SecureRandomTokenGenerator;
import dev.mcpauth.adapters.storage.memory.InMemoryAuthorizationCodeStore;
import dev.mcpauth.adapters.storage.memory.InMemoryClientRegistry;
import dev.mcpauth.adapters.storage.memory.InMemoryConsentStore;
import dev.mcpauth.adapters.storage.memory.InMemoryFailureCounter;
import dev.mcpauth.adapters.storage.memory.InMemoryGrantStore;
import dev.mcpauth.adapters.storage.memory.InMemoryPendingAuthorizationStore;
import dev.mcpauth.adapters.storage.memory.InMemorySessionStore;
import dev.mcpauth.adapters.storage.memory.InMemoryUserDirectory;
import dev.mcpauth.application.port.out.AuthorizationCodeStore;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.application.port.out.ConsentStore;
import dev.mcpauth.application.port.out.FailureCounter;
import dev.mcpauth.application.port.out.GrantStore;
import dev.mcpauth.application.port.out.PasswordHasher;
import dev.mcpauth.application.port.out.PendingAuthorizationStore;
import dev.mcpauth.application.port.out.SessionStore;
import dev.mcpauth.application.port.out.TokenGenerator;
import dev.mcpauth.application.port.out.UserDirectory;
import dev.mcpauth.bootstrap.config.InvalidConfigurationException;
import dev.mcpauth.bootstrap.config.McpAuthConfiguration;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The adapters behind the out ports: in-memory storage, JOSE signing, BouncyCastle password hashing. */
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

    @Singleton
    JoseSigningKeys signingKeys(McpAuthConfiguration configuration) {
        McpAuthConfiguration.Signing signing = configuration.auth().signing();
        SigningAlgorithm algorithm = SigningAlgorithm.fromName(signing.algorithm());
        SigningKey key;
        try {
            key = signing.keyFile().isPresent()
                    ? SigningKey.load(signing.keyFile().get(), algorithm)
                    : SigningKey.generate(algorithm);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("mcpauth.auth.signing.key-file", e.getMessage());
        }
        return new JoseSigningKeys(KeyRing.of(key));
    }

    @Singleton
    ClientRegistry clientRegistry(McpAuthConfiguration configuration) {
        return new InMemoryClientRegistry(configuration.auth().clients());
    }

    @Singleton
    UserDirectory userDirectory(LocalUsers users) {
        return new InMemoryUserDirectory(users.users());
    }

    @Singleton
    AuthorizationCodeStore authorizationCodeStore(Clock clock) {
        return new InMemoryAuthorizationCodeStore(clock);
    }

    @Singleton
    PendingAuthorizationStore pendingAuthorizationStore(Clock clock) {
        return new InMemoryPendingAuthorizationStore(clock);
    }

    @Singleton
    GrantStore grantStore(Clock clock) {
        return new InMemoryGrantStore(clock);
    }

    @Singleton
    ConsentStore consentStore(Clock clock) {
        return new InMemoryConsentStore(clock);
    }

    @Singleton
    SessionStore sessionStore(Clock clock) {
        return new InMemorySessionStore(clock);
    }

    @Singleton
    FailureCounter failureCounter(Clock clock) {
        return new InMemoryFailureCounter(clock);
    }
}
