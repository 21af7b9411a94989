package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.application.port.out.GrantStore;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.grant.GrantId;
import io.lettuce.core.ScriptOutputType;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.mcpauth.adapters.storage.redis.RecordScripts.DATA;
import static dev.mcpauth.adapters.storage.redis.RecordScripts.FORGET_AT;

/**
 * Grants in Redis, created if absent and replaced by compare-and-set on their version, so that of two instances
 * rotating the same refresh token only one wins (OAuth 2.1 §4.3.1).
 */
final class RedisGrantStore implements GrantStore {
    private static final String VERSION = "version";

    /**
     * SET NX is not enough: a grant that Redis still holds but whose forgetAt has passed by the instance's clock counts
     * as absent, so the check compares forgetAt. KEYS[1] the grant; ARGV: now (ms), forgetAt (ms), version, data, TTL.
     */
    private static final RedisScript CREATE = new RedisScript("create grant", """
            local forgetAt = redis.call('HGET', KEYS[1], 'forgetAt')
            if forgetAt and tonumber(forgetAt) > tonumber(ARGV[1]) then
              return 0
            end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'forgetAt', ARGV[2], 'version', ARGV[3], 'data', ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return 1
            """);

    /**
     * Compare-and-set on the version; versions are compared as the decimal strings this store writes.
     * KEYS[1] the grant; ARGV: now (ms), expected version, forgetAt (ms), next version, data, TTL.
     */
    private static final RedisScript REPLACE = new RedisScript("replace grant", """
            local stored = redis.call('HMGET', KEYS[1], 'forgetAt', 'version')
            if not stored[1] or tonumber(stored[1]) <= tonumber(ARGV[1]) or stored[2] ~= ARGV[2] then
              return 0
            end
            redis.call('HSET', KEYS[1], 'forgetAt', ARGV[3], 'version', ARGV[4], 'data', ARGV[5])
            redis.call('PEXPIRE', KEYS[1], ARGV[6])
            return 1
            """);

    private final RedisGateway redis;
    private final RedisKeys keys;
    private final Clock clock;

    RedisGrantStore(RedisGateway redis, RedisKeys keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public boolean create(Grant grant, Instant forgetAt) {
        Instant now = clock.instant();
        Long created = redis.eval(CREATE, ScriptOutputType.INTEGER, keys.grant(grant.id()),
                Expiry.millis(now), Expiry.millis(forgetAt), Long.toString(grant.version()), JsonCodec.encode(grant),
                Expiry.ttlMillis(forgetAt, now));
        return created == 1L;
    }

    @Override
    public Optional<Grant> find(GrantId id) {
        List<String> stored = redis.hmget(keys.grant(id), FORGET_AT, VERSION, DATA);
        if (!Expiry.isLive(stored.get(0), clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(JsonCodec.decodeGrant(stored.get(2), Long.parseLong(stored.get(1))));
    }

    @Override
    public boolean replace(Grant next, long expectedVersion, Instant forgetAt) {
        Instant now = clock.instant();
        Long replaced = redis.eval(REPLACE, ScriptOutputType.INTEGER, keys.grant(next.id()),
                Expiry.millis(now), Long.toString(expectedVersion), Expiry.millis(forgetAt),
                Long.toString(next.version()), JsonCodec.encode(next), Expiry.ttlMillis(forgetAt, now));
        return replaced == 1L;
    }
}
