package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.application.port.out.PendingAuthorizationStore;
import dev.mcpauth.domain.authorization.PendingAuthorization;
import io.lettuce.core.ScriptOutputType;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.mcpauth.adapters.storage.redis.RecordScripts.DATA;
import static dev.mcpauth.adapters.storage.redis.RecordScripts.FORGET_AT;

/** Pending authorization requests in Redis, each forgotten at its expiry and taken at most once across instances. */
final class RedisPendingAuthorizationStore implements PendingAuthorizationStore {
    /**
     * Read and delete in one step, so that of two instances completing the same request only one gets it.
     * KEYS[1] the request; ARGV[1] now (ms). Returns {data}, or {} when absent or expired.
     */
    private static final RedisScript TAKE = new RedisScript("take pending authorization", """
            local stored = redis.call('HMGET', KEYS[1], 'forgetAt', 'data')
            redis.call('DEL', KEYS[1])
            if not stored[1] or tonumber(stored[1]) <= tonumber(ARGV[1]) then
              return {}
            end
            return {stored[2]}
            """);

    private final RedisGateway redis;
    private final RedisKeys keys;
    private final Clock clock;

    RedisPendingAuthorizationStore(RedisGateway redis, RedisKeys keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public void save(PendingAuthorization pending) {
        redis.eval(RecordScripts.PUT, ScriptOutputType.INTEGER, keys.pending(pending.id()),
                Expiry.ttlMillis(pending.expiresAt(), clock.instant()),
                FORGET_AT, Expiry.millis(pending.expiresAt()),
                DATA, JsonCodec.encode(pending));
    }

    @Override
    public Optional<PendingAuthorization> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        List<String> stored = redis.hmget(keys.pending(id), FORGET_AT, DATA);
        if (!Expiry.isLive(stored.get(0), clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(JsonCodec.decodePending(stored.get(1)));
    }

    @Override
    public Optional<PendingAuthorization> take(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        List<Object> taken = redis.eval(TAKE, ScriptOutputType.MULTI, keys.pending(id), Expiry.millis(now));
        return taken.isEmpty() ? Optional.empty() : Optional.of(JsonCodec.decodePending((String) taken.get(0)));
    }
}
