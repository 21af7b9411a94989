package dev.mcpauth.domain.user;

import java.util.Objects;
import java.util.Optional;

/**
 * A user of orchestrated-local mode. The password is held only as a hash (Argon2id or bcrypt).
 *
 * @param username the login name, also the token subject
 */
public record LocalUser(String username, String passwordHash, Optional<String> email, Optional<String> name) {
    public LocalUser {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("a user needs a username");
        }
        Objects.requireNonNull(passwordHash);
        Objects.requireNonNull(email);
        Objects.requireNonNull(name);
    }

    public String subject() {
        return username;
    }

    @Override
    public String toString() {
        return "LocalUser[" + username + "]";
    }
}
