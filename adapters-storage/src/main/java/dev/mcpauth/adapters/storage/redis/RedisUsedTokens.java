package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.application.port.out.UsedTokens;
import dev.mcpauth.domain.token.TokenHash;
import io.lettuce.core.ScriptOutputType;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/** The single-use ledger in Redis, shared by every instance: of racing first uses on any instances, one wins. */
final class RedisUsedTokens implements UsedTokens {
    /**
     * SET NX is not enough: an entry Redis still holds but whose forgetAt has passed by the instance's clock counts as
     * absent. A later use does not touch the entry, so the first forgetAt stands. KEYS[1] the entry; ARGV: now (ms),
     * forgetAt (ms), TTL. Returns 1 for the first use.
     */
    private static final RedisScript FIRST_USE = new RedisScript("record first use", """
            local forgetAt = redis.call('GET', KEYS[1])
            if forgetAt and tonumber(forgetAt) > tonumber(ARGV[1]) then
              return 0
            end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1
            """);

    private final RedisGateway redis;
    private final RedisKeys keys;
    private final Clock clock;

    RedisUsedTokens(RedisGateway redis, RedisKeys keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public boolean firstUse(TokenHash hash, Instant forgetAt) {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(forgetAt, "forgetAt");
        Instant now = clock.instant();
        Long first = redis.eval(FIRST_USE, ScriptOutputType.INTEGER, keys.usedToken(hash),
                Expiry.millis(now), Expiry.millis(forgetAt), Expiry.ttlMillis(forgetAt, now));
        return first == 1L;
    }
}
