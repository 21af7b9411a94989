package dev.mcpauth.application.port.out;

import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.grant.GrantId;

import java.time.Instant;
import java.util.Optional;

/** Grants and their refresh-token families. Updates are compare-and-set on {@link Grant#version()}. */
public interface GrantStore {
    /**
     * Stores a new grant, forgotten at {@code forgetAt}, unless a grant with its id exists already.
     *
     * @return false when the id was taken (nothing was written)
     */
    boolean create(Grant grant, Instant forgetAt);

    Optional<Grant> find(GrantId id);

    /**
     * Replaces the stored grant with {@code next} only if the stored one still has {@code expectedVersion}.
     *
     * @return false when another update came first (nothing was written)
     */
    boolean replace(Grant next, long expectedVersion, Instant forgetAt);
}
