package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.adapters.storage.contract.ConsentStoreContract;
import dev.mcpauth.application.port.out.ConsentStore;

import java.time.Clock;

class RedisConsentStoreTest extends ConsentStoreContract {
    @Override
    protected ConsentStore newStore(Clock clock) {
        return new RedisConsentStore(TestRedis.gateway(), TestRedis.freshKeys(), clock);
    }
}
