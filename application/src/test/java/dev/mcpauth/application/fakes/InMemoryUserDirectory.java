package dev.mcpauth.application.fakes;

import dev.mcpauth.application.port.out.UserDirectory;
import dev.mcpauth.domain.user.LocalUser;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

public final class InMemoryUserDirectory implements UserDirectory {
    private final Map<String, LocalUser> users = new HashMap<>();

    public synchronized InMemoryUserDirectory add(LocalUser user) {
        users.put(user.username(), user);
        return this;
    }

    @Override
    public synchronized Optional<LocalUser> find(String username) {
        return Optional.ofNullable(users.get(username));
    }
}
