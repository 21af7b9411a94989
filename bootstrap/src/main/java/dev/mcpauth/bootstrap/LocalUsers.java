package dev.mcpauth.bootstrap;

import dev.mcpauth.application.port.out.PasswordHasher;
import dev.mcpauth.application.port.out.TokenGenerator;
import dev.mcpauth.bootstrap.config.McpAuthConfiguration;
import dev.mcpauth.domain.mode.AuthMode;
import dev.mcpauth.domain.user.LocalUser;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The local users, with passwords hashed. Plain-text passwords from the configuration are hashed at startup, with a
 * warning. Orchestrated-local mode without users gets one development user, {@code dev}, whose generated password
 * is printed once, to the console only.
 */
@Singleton
public final class LocalUsers {
    private static final Logger LOG = LoggerFactory.getLogger(LocalUsers.class);
    static final String DEVELOPMENT_USERNAME = "dev";

    private final List<LocalUser> users;

    LocalUsers(McpAuthConfiguration configuration, PasswordHasher hasher, TokenGenerator generator) {
        List<LocalUser> list = new ArrayList<>();
        for (McpAuthConfiguration.User user : configuration.auth().users()) {
            String hash = user.passwordHash().orElseGet(() -> {
                LOG.warn("mcpauth.auth.users: user '{}' has a plain-text password; use password-hash outside "
                        + "development (java -jar mcpauth.jar hash-password)", user.username());
                return hasher.hash(user.plainPassword().orElseThrow().toCharArray());
            });
            list.add(new LocalUser(user.username(), hash, user.email(), user.name()));
        }
        if (list.isEmpty() && configuration.auth().mode() instanceof AuthMode.OrchestratedLocal) {
            String password = generator.newId();
            list.add(new LocalUser(DEVELOPMENT_USERNAME, hasher.hash(password.toCharArray()),
                    java.util.Optional.empty(), java.util.Optional.of("Development user")));
            // Printed, not logged: the one time this password is shown, on the operator's console.
            System.out.println("development login: username=" + DEVELOPMENT_USERNAME + " password=" + password);
        }
        this.users = List.copyOf(list);
    }

    public List<LocalUser> users() {
        return users;
    }
}
