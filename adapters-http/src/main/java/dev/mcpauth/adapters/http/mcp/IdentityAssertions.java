package dev.mcpauth.adapters.http.mcp;

import dev.mcpauth.application.port.out.IdentityAssertionSigner;
import dev.mcpauth.application.port.out.IdentityAssertionSigner.IdentityAssertion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The identity assertions the gateway sends upstream: signed once per caller and upstream, and sent again for the
 * first half of their lifetime, so that signing is not paid on every forwarded request and an upstream always
 * receives an assertion with at least half its lifetime left. Its {@code jti} therefore names the assertion, not the
 * request. Thread-safe; the map holds only the assertions of the last half-lifetime or so, and is capped.
 */
final class IdentityAssertions {
    static final Duration LIFETIME = Duration.ofSeconds(60);
    static final Duration REUSE = LIFETIME.dividedBy(2);
    static final int MAX_ENTRIES = 10_000;
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final IdentityAssertionSigner signer;
    private final Clock clock;
    private final ConcurrentMap<Key, Signed> signed = new ConcurrentHashMap<>();
    private volatile Instant nextSweep = Instant.MIN;

    /** Everything the assertion says but its times and {@code jti}; the scopes as sent, order included. */
    private record Key(String issuer, String subject, boolean anonymous, String clientId, String scopes,
                       String audience) {
    }

    private record Signed(String assertion, Instant issuedAt) {
        /** From its issuing on, for {@link #REUSE}; never when the clock went back past its issuing. */
        boolean isReusable(Instant now) {
            return !now.isBefore(issuedAt) && now.isBefore(issuedAt.plus(REUSE));
        }
    }

    IdentityAssertions(IdentityAssertionSigner signer, Clock clock) {
        this.signer = Objects.requireNonNull(signer);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The assertion that {@code caller} calls the upstream at {@code audience}, issued by {@code issuer}. */
    String assertionFor(String issuer, McpCaller caller, String audience) {
        Instant now = clock.instant();
        Key key = new Key(issuer, caller.principal().subject(), caller.principal().isAnonymous(), caller.clientId(),
                caller.scopes().asString(), audience);
        Signed current = signed.get(key);
        if (current != null && current.isReusable(now)) {
            return current.assertion();
        }
        // Two requests that miss at once both sign; either assertion is as good, and the later one stays.
        Signed fresh = new Signed(signer.sign(new IdentityAssertion(issuer, key.subject(), key.anonymous(),
                key.clientId(), caller.scopes(), audience, now, now.plus(LIFETIME), UUID.randomUUID().toString())), now);
        sweepIfDue(now);
        if (signed.size() >= MAX_ENTRIES) {
            makeRoom(now);
        }
        signed.put(key, fresh);
        return fresh.assertion();
    }

    int size() {
        return signed.size();
    }

    private void sweepIfDue(Instant now) {
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_INTERVAL);
        removeStale(now);
    }

    /** Full: stale assertions go, and if most of the rest are fresh, all go (each caller then signs once more). */
    private synchronized void makeRoom(Instant now) {
        if (signed.size() < MAX_ENTRIES) {
            return; // another thread made room meanwhile
        }
        removeStale(now);
        if (signed.size() > MAX_ENTRIES / 4 * 3) {
            signed.clear();
        }
    }

    private void removeStale(Instant now) {
        signed.forEach((key, assertion) -> {
            if (!assertion.isReusable(now)) {
                signed.remove(key, assertion);
            }
        });
    }
}
