package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.adapters.storage.contract.GrantStoreContract;
import dev.mcpauth.application.port.out.GrantStore;

import java.time.Clock;

class RedisGrantStoreTest extends GrantStoreContract {
    @Override
    protected GrantStore newStore(Clock clock) {
        return new RedisGrantStore(TestRedis.gateway(), TestRedis.freshKeys(), clock);
    }
}
