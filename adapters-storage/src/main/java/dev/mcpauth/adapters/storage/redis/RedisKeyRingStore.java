package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.application.port.out.KeyRingStore;
import io.lettuce.core.ScriptOutputType;

import java.util.Objects;
import java.util.Optional;

/** The signing key ring in Redis, one opaque string shared by every instance; no TTL, as keys must not vanish. */
final class RedisKeyRingStore implements KeyRingStore {
    /**
     * Compare-and-set on the whole text, so that two instances rotating keys at once cannot overwrite each other.
     * KEYS[1] the ring; ARGV: expected, next. Returns 1 when replaced.
     */
    private static final RedisScript REPLACE = new RedisScript("replace key ring", """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then
              return 0
            end
            redis.call('SET', KEYS[1], ARGV[2])
            return 1
            """);

    private final RedisGateway redis;
    private final RedisKeys keys;

    RedisKeyRingStore(RedisGateway redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public Optional<String> load() {
        return Optional.ofNullable(redis.get(keys.keyRing()));
    }

    @Override
    public boolean createIfAbsent(String ring) {
        Objects.requireNonNull(ring, "ring");
        return redis.setIfAbsent(keys.keyRing(), ring);
    }

    @Override
    public boolean replace(String expected, String next) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(next, "next");
        Long replaced = redis.eval(REPLACE, ScriptOutputType.INTEGER, keys.keyRing(), expected, next);
        return replaced == 1L;
    }
}
