package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.application.port.out.ConsentStore;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.consent.Consent;
import io.lettuce.core.ScriptOutputType;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.mcpauth.adapters.storage.redis.RecordScripts.DATA;
import static dev.mcpauth.adapters.storage.redis.RecordScripts.FORGET_AT;

/** Remembered consents in Redis, one per subject and client. */
final class RedisConsentStore implements ConsentStore {
    private final RedisGateway redis;
    private final RedisKeys keys;
    private final Clock clock;

    RedisConsentStore(RedisGateway redis, RedisKeys keys, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Optional<Consent> find(String subject, ClientId clientId) {
        List<String> stored = redis.hmget(keys.consent(subject, clientId), FORGET_AT, DATA);
        if (!Expiry.isLive(stored.get(0), clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(JsonCodec.decodeConsent(stored.get(1)));
    }

    @Override
    public void save(Consent consent, Instant forgetAt) {
        redis.eval(RecordScripts.PUT, ScriptOutputType.INTEGER, keys.consent(consent.subject(), consent.clientId()),
                Expiry.ttlMillis(forgetAt, clock.instant()),
                FORGET_AT, Expiry.millis(forgetAt),
                DATA, JsonCodec.encode(consent));
    }
}
