package dev.mcpauth.adapters.idp.jose;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens that already passed verification, from the exact token string to what verifying it yielded, until
 * the token expires: a token presented again costs a map lookup instead of a signature check. Only the owner's
 * successful verifications enter, so what is remembered is bounded by the tokens validly signed; the size is capped
 * all the same. Whoever owns the keys drops the cache when a key stops verifying. Thread-safe.
 */
public final class VerifiedTokenCache<T> {
    /** Far above the tokens one instance sees presented within their lifetime in ordinary use. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final ConcurrentHashMap<String, Entry<?>> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private volatile Instant nextSweep = Instant.MIN;

    private record Entry<T>(T verified, Instant expiresAt) {
        boolean isLive(Instant now) {
            return now.isBefore(expiresAt);
        }
    }

    public VerifiedTokenCache() {
        this(DEFAULT_MAX_ENTRIES);
    }

    public VerifiedTokenCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
    }

    /** What verifying {@code token} yielded, unless it was never remembered or expired by {@code now}. */
    public Optional<T> find(String token, Instant now) {
        @SuppressWarnings("unchecked")
        Entry<T> entry = (Entry<T>) entries.get(token);
        if (entry == null) {
            return Optional.empty();
        }
        if (!entry.isLive(now)) {
            entries.remove(token, entry);
            return Optional.empty();
        }
        return Optional.of(entry.verified());
    }

    /** Remembers that {@code token} verified to {@code verified}, until {@code expiresAt} (if that is after now). */
    public void remember(String token, T verified, Instant expiresAt, Instant now) {
        Objects.requireNonNull(token);
        Entry<T> entry = new Entry<>(Objects.requireNonNull(verified), Objects.requireNonNull(expiresAt));
        if (!entry.isLive(now)) {
            return;
        }
        sweepIfDue(now);
        if (entries.size() >= maxEntries) {
            makeRoom(now);
        }
        entries.put(token, entry);
    }

    /** The tokens held, expired ones not yet swept included. */
    public int size() {
        return entries.size();
    }

    /** Expired tokens go at most once a minute, so that a quiet cache does not keep dead tokens for long. */
    private void sweepIfDue(Instant now) {
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_INTERVAL);
        removeExpired(now);
    }

    /**
     * Full: expired tokens go, and if most of the rest are live, all of them go. Each live token then costs one more
     * signature check, which is cheaper than tracking recency, and no sequence of tokens can make every
     * {@link #remember} sweep the whole map.
     */
    private synchronized void makeRoom(Instant now) {
        if (entries.size() < maxEntries) {
            return; // another thread made room meanwhile
        }
        removeExpired(now);
        if (entries.size() > maxEntries / 4 * 3) {
            entries.clear();
        }
    }

    private void removeExpired(Instant now) {
        // conditional removal, so that an entry replaced since it was read is kept
        entries.forEach((token, entry) -> {
            if (!entry.isLive(now)) {
                entries.remove(token, entry);
            }
        });
    }
}
