package dev.mcpauth.application.fakes;

import dev.mcpauth.application.port.out.GrantStore;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.grant.GrantId;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Grants by id, with create-if-absent and compare-and-set on {@link Grant#version()}. */
public final class InMemoryGrantStore implements GrantStore {
    private final Map<GrantId, Grant> grants = new HashMap<>();
    private final Map<GrantId, Instant> forgetAt = new HashMap<>();
    private Consumer<Grant> beforeNextCreate;
    private Consumer<Grant> beforeNextReplace;

    /**
     * Runs {@code action} once, just before the next {@link #create} writes, outside the store's lock: lets a test
     * put another request between a service's checks and its write.
     */
    public synchronized void beforeNextCreate(Consumer<Grant> action) {
        this.beforeNextCreate = action;
    }

    /** Like {@link #beforeNextCreate}, before the next {@link #replace} compares and sets. */
    public synchronized void beforeNextReplace(Consumer<Grant> action) {
        this.beforeNextReplace = action;
    }

    @Override
    public boolean create(Grant grant, Instant forgetAt) {
        Consumer<Grant> hook;
        synchronized (this) {
            hook = beforeNextCreate;
            beforeNextCreate = null;
        }
        if (hook != null) {
            hook.accept(grant);
        }
        synchronized (this) {
            if (grants.containsKey(grant.id())) {
                return false;
            }
            grants.put(grant.id(), grant);
            this.forgetAt.put(grant.id(), forgetAt);
            return true;
        }
    }

    @Override
    public synchronized Optional<Grant> find(GrantId id) {
        return Optional.ofNullable(grants.get(id));
    }

    @Override
    public boolean replace(Grant next, long expectedVersion, Instant forgetAt) {
        Consumer<Grant> hook;
        synchronized (this) {
            hook = beforeNextReplace;
            beforeNextReplace = null;
        }
        if (hook != null) {
            hook.accept(next);
        }
        synchronized (this) {
            Grant stored = grants.get(next.id());
            if (stored == null || stored.version() != expectedVersion) {
                return false;
            }
            grants.put(next.id(), next);
            this.forgetAt.put(next.id(), forgetAt);
            return true;
        }
    }

    /** Test setup: stores a grant, or fails if one with its id exists. */
    public InMemoryGrantStore add(Grant grant) {
        if (!create(grant, Instant.MAX)) {
            throw new IllegalStateException("grant exists: " + grant.id());
        }
        return this;
    }

    public synchronized Grant get(String id) {
        return find(new GrantId(id)).orElseThrow(() -> new AssertionError("no grant " + id));
    }

    public synchronized Optional<Instant> forgetAt(GrantId id) {
        return Optional.ofNullable(forgetAt.get(id));
    }

    public synchronized int size() {
        return grants.size();
    }
}
