package dev.mcpauth.application.port.out;

import dev.mcpauth.domain.user.LocalUser;

import java.util.Optional;

/** The users of orchestrated-local mode. */
public interface UserDirectory {
    Optional<LocalUser> find(String username);
}
