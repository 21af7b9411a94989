package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.application.port.out.GrantStore;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.grant.GrantId;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** Grants in this JVM's memory, created if absent and replaced by compare-and-set on their version. */
public final class InMemoryGrantStore implements GrantStore {
    private final ExpiringMap<GrantId, Grant> grants;

    public InMemoryGrantStore(Clock clock) {
        this.grants = new ExpiringMap<>(clock);
    }

    @Override
    public boolean create(Grant grant, Instant forgetAt) {
        AtomicBoolean created = new AtomicBoolean();
        grants.compute(grant.id(), stored -> {
            if (stored != null) {
                return stored;
            }
            created.set(true);
            return new ExpiringMap.Entry<>(grant, forgetAt);
        });
        return created.get();
    }

    @Override
    public Optional<Grant> find(GrantId id) {
        return grants.get(id);
    }

    @Override
    public boolean replace(Grant next, long expectedVersion, Instant forgetAt) {
        AtomicBoolean replaced = new AtomicBoolean();
        grants.compute(next.id(), stored -> {
            if (stored == null || stored.value().version() != expectedVersion) {
                return stored;
            }
            replaced.set(true);
            return new ExpiringMap.Entry<>(next, forgetAt);
        });
        return replaced.get();
    }
}
