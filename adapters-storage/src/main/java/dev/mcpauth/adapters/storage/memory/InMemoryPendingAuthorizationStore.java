package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.application.port.out.PendingAuthorizationStore;
import dev.mcpauth.domain.authorization.PendingAuthorization;

import java.time.Clock;
import java.util.Optional;

/** Pending authorization requests in this JVM's memory, each forgotten at its expiry. */
public final class InMemoryPendingAuthorizationStore implements PendingAuthorizationStore {
    private final ExpiringMap<String, PendingAuthorization> pendings;

    public InMemoryPendingAuthorizationStore(Clock clock) {
        this.pendings = new ExpiringMap<>(clock);
    }

    @Override
    public void save(PendingAuthorization pending) {
        pendings.put(pending.id(), pending, pending.expiresAt());
    }

    @Override
    public Optional<PendingAuthorization> find(String id) {
        return id == null ? Optional.empty() : pendings.get(id);
    }

    @Override
    public Optional<PendingAuthorization> take(String id) {
        return id == null ? Optional.empty() : pendings.remove(id);
    }
}
