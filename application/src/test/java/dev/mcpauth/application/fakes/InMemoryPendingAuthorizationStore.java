package dev.mcpauth.application.fakes;

import dev.mcpauth.application.port.out.PendingAuthorizationStore;
import dev.mcpauth.domain.authorization.PendingAuthorization;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public final class InMemoryPendingAuthorizationStore implements PendingAuthorizationStore {
    private final Map<String, PendingAuthorization> pendings = new HashMap<>();

    @Override
    public synchronized void save(PendingAuthorization pending) {
        pendings.put(pending.id(), pending);
    }

    @Override
    public synchronized Optional<PendingAuthorization> find(String id) {
        return Optional.ofNullable(pendings.get(id));
    }

    @Override
    public synchronized Optional<PendingAuthorization> take(String id) {
        return Optional.ofNullable(pendings.remove(id));
    }

    public synchronized List<PendingAuthorization> all() {
        return List.copyOf(pendings.values());
    }
}
