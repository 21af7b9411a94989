package dev.mcpauth.adapters.storage.redis;

import java.time.Instant;

/**
 * Expiry arithmetic shared by the stores. Whether a record is live follows the injected clock (as in the in-memory
 * stores), compared in epoch milliseconds; the Redis TTL is only for cleanup, and is relative ({@code PEXPIRE}), so
 * that a skew between this instance's clock and the Redis server's clock cannot forget a record early.
 */
final class Expiry {
    private Expiry() {
    }

    static String millis(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }

    /** The TTL for a record forgotten at {@code forgetAt}: what is left of it, at least 1 ms. */
    static String ttlMillis(Instant forgetAt, Instant now) {
        return Long.toString(Math.max(1, forgetAt.toEpochMilli() - now.toEpochMilli()));
    }

    /** Whether a record with the stored {@code forgetAt} millis is still live at {@code now}. */
    static boolean isLive(String forgetAtMillis, Instant now) {
        return forgetAtMillis != null && now.toEpochMilli() < Long.parseLong(forgetAtMillis);
    }
}
