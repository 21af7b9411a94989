package dev.mcpauth.application.service;

import dev.mcpauth.application.port.out.GrantStore;
import dev.mcpauth.domain.grant.Grant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Revokes grants with compare-and-set, retrying on concurrent updates. Revoking a grant that does not exist yet
 * stores it revoked, so that a code replayed while its first redemption is still in flight revokes what that
 * redemption is about to issue.
 */
final class GrantRevoker {
    private final GrantStore grants;
    private final Clock clock;
    private final Duration keepFor;

    /** @param keepFor how long a revoked grant is remembered */
    GrantRevoker(GrantStore grants, Clock clock, Duration keepFor) {
        this.grants = grants;
        this.clock = clock;
        this.keepFor = keepFor;
    }

    /** Revokes the stored grant with {@code template}'s id, or stores {@code template} revoked if there is none. */
    void revoke(Grant template) {
        Instant now = clock.instant();
        while (true) {
            Optional<Grant> stored = grants.find(template.id());
            if (stored.isEmpty()) {
                if (grants.create(template.revoke(now), now.plus(keepFor))) {
                    return;
                }
                continue;
            }
            Grant grant = stored.get();
            if (grant.isRevoked() || grants.replace(grant.revoke(now), grant.version(), now.plus(keepFor))) {
                return;
            }
        }
    }
}
