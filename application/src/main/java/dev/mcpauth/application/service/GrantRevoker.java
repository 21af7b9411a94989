package dev.mcpauth.application.service;

import dev.mcpauth.application.port.out.GrantStore;
import dev.mcpauth.domain.grant.Grant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Revokes grants with compare-and-set, retrying on concurrent updates. A code replayed while its first redemption
 * is still in flight waits briefly for that redemption's grant and revokes it; if none appears, it stores the grant
 * revoked, so that whatever the first redemption issues later is dead on arrival.
 */
final class GrantRevoker {
    private static final long POLL_MILLIS = 20;

    private final GrantStore grants;
    private final Clock clock;
    private final Duration keepFor;

    /** @param keepFor how long a revoked grant is remembered */
    GrantRevoker(GrantStore grants, Clock clock, Duration keepFor) {
        this.grants = grants;
        this.clock = clock;
        this.keepFor = keepFor;
    }

    /**
     * For a replayed code: waits up to {@code patience} for the first redemption to store its grant, so that it
     * still gets its one response (of N concurrent redemptions exactly one succeeds) before the grant is revoked.
     */
    void revokeOnceIssued(Grant template, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (grants.find(template.id()).isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        revoke(template);
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
