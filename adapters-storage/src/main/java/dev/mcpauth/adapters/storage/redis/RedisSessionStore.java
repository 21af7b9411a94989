package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.application.port.out.SessionStore;
import dev.mcpauth.domain.session.Session;
import dev.mcpauth.domain.session.SessionId;
import io.lettuce.core.ScriptOutputType;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static dev.mcpauth.adapters.storage.redis.RecordScripts.DATA;
import static dev.mcpauth.adapters.storage.redis.RecordScripts.FORGET_AT;

/** MCP auth sessions in Redis, each forgotten at its expiry. */
final class RedisSessionStore implements SessionStore {
    private final RedisGateway redis;
    private final RedisKeys keys;
    private final Clock clock;

    RedisSessionStore(RedisGateway redis, RedisKeys keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public void save(Session session) {
        redis.eval(RecordScripts.PUT, ScriptOutputType.INTEGER, keys.session(session.id()),
                Expiry.ttlMillis(session.expiresAt(), clock.instant()),
                FORGET_AT, Expiry.millis(session.expiresAt()),
                DATA, JsonCodec.encode(session));
    }

    @Override
    public Optional<Session> find(SessionId id) {
        List<String> stored = redis.hmget(keys.session(id), FORGET_AT, DATA);
        if (!Expiry.isLive(stored.get(0), clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(JsonCodec.decodeSession(stored.get(1)));
    }
}
