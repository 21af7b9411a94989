package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.application.port.out.AuthorizationCodeStore;
import dev.mcpauth.domain.token.AuthorizationCode;
import dev.mcpauth.domain.token.TokenHash;
import io.lettuce.core.ScriptOutputType;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.mcpauth.adapters.storage.redis.RecordScripts.DATA;
import static dev.mcpauth.adapters.storage.redis.RecordScripts.FORGET_AT;

/** Authorization codes in Redis, by hash, redeemed atomically across instances. */
final class RedisAuthorizationCodeStore implements AuthorizationCodeStore {
    private static final String REDEEMED = "redeemed";

    /**
     * Reading the code and marking it redeemed must be one step, or two instances could both see it unredeemed
     * (OAuth 2.1 §4.1.2: a code is used once). The TTL is left as it is: a redeemed code is still forgotten at the
     * original forgetAt. KEYS[1] the code; ARGV[1] now (ms). Returns {redeemed before, data}, or {} when absent.
     */
    private static final RedisScript REDEEM = new RedisScript("redeem code", """
            local stored = redis.call('HMGET', KEYS[1], 'forgetAt', 'redeemed', 'data')
            if not stored[1] or tonumber(stored[1]) <= tonumber(ARGV[1]) then
              return {}
            end
            if stored[2] ~= '1' then
              redis.call('HSET', KEYS[1], 'redeemed', '1')
            end
            return {stored[2], stored[3]}
            """);

    private final RedisGateway redis;
    private final RedisKeys keys;
    private final Clock clock;

    RedisAuthorizationCodeStore(RedisGateway redis, RedisKeys keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public void save(AuthorizationCode code, Instant forgetAt) {
        redis.eval(RecordScripts.PUT, ScriptOutputType.INTEGER, keys.code(code.hash()),
                Expiry.ttlMillis(forgetAt, clock.instant()),
                FORGET_AT, Expiry.millis(forgetAt),
                REDEEMED, code.redeemed() ? "1" : "0",
                DATA, JsonCodec.encode(code));
    }

    @Override
    public Optional<AuthorizationCode> redeem(TokenHash hash) {
        List<Object> before = redis.eval(REDEEM, ScriptOutputType.MULTI, keys.code(hash),
                Expiry.millis(clock.instant()));
        if (before.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(JsonCodec.decodeCode((String) before.get(1), "1".equals(before.get(0))));
    }
}
