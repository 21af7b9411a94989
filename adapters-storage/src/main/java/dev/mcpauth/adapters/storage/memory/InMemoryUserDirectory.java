package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.application.port.out.UserDirectory;
import dev.mcpauth.domain.user.LocalUser;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The local users given at startup, looked up by exact (case-sensitive) username. */
public final class InMemoryUserDirectory implements UserDirectory {
    private final Map<String, LocalUser> users;

    /** @throws IllegalArgumentException when two users share a username */
    public InMemoryUserDirectory(List<LocalUser> users) {
        Map<String, LocalUser> byName = new HashMap<>();
        for (LocalUser user : users) {
            if (byName.putIfAbsent(user.username(), user) != null) {
                throw new IllegalArgumentException("two users have the username " + user.username());
            }
        }
        this.users = Map.copyOf(byName);
    }

    @Override
    public Optional<LocalUser> find(String username) {
        return username == null ? Optional.empty() : Optional.ofNullable(users.get(username));
    }
}
