package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.application.port.out.FailureCounter;
import io.lettuce.core.ScriptOutputType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.mcpauth.adapters.storage.redis.RecordScripts.FORGET_AT;

/** Failure counts in Redis, shared by every instance, each forgotten when its window ends. */
final class RedisFailureCounter implements FailureCounter {
    private static final String FAILURES = "failures";
    private static final String WINDOW_ENDS_AT = "windowEndsAt";

    /**
     * Count on in the open window, or start a new one; as one step, so that concurrent failures on several
     * instances are each counted once and agree on the window. forgetAt (ms) decides whether the window is open;
     * windowEndsAt keeps the exact instant to return. KEYS[1] the counter; ARGV: now (ms), end of a new window (ms),
     * the same as an ISO instant, TTL. Returns {failures, window end}.
     */
    private static final RedisScript INCREMENT = new RedisScript("count failure", """
            local stored = redis.call('HMGET', KEYS[1], 'forgetAt', 'windowEndsAt')
            if stored[1] and tonumber(stored[1]) > tonumber(ARGV[1]) then
              return {redis.call('HINCRBY', KEYS[1], 'failures', 1), stored[2]}
            end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'failures', '1', 'forgetAt', ARGV[2], 'windowEndsAt', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return {1, ARGV[3]}
            """);

    private final RedisGateway redis;
    private final RedisKeys keys;
    private final Clock clock;

    RedisFailureCounter(RedisGateway redis, RedisKeys keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Count increment(String key, Duration window) {
        Instant now = clock.instant();
        Instant end = now.plus(window);
        List<Object> count = redis.eval(INCREMENT, ScriptOutputType.MULTI, keys.failures(key),
                Expiry.millis(now), Expiry.millis(end), end.toString(), Expiry.ttlMillis(end, now));
        return new Count((Long) count.get(0), Instant.parse((String) count.get(1)));
    }

    /** The failures in the current window; with none, zero failures and a window that ends now. */
    @Override
    public Count current(String key) {
        Instant now = clock.instant();
        List<String> stored = redis.hmget(keys.failures(key), FORGET_AT, FAILURES, WINDOW_ENDS_AT);
        if (!Expiry.isLive(stored.get(0), now)) {
            return new Count(0, now);
        }
        return new Count(Long.parseLong(stored.get(1)), Instant.parse(stored.get(2)));
    }

    @Override
    public void reset(String key) {
        redis.del(keys.failures(key));
    }
}
