package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.adapters.storage.contract.PendingAuthorizationStoreContract;
import dev.mcpauth.application.port.out.PendingAuthorizationStore;

import java.time.Clock;

class RedisPendingAuthorizationStoreTest extends PendingAuthorizationStoreContract {
    @Override
    protected PendingAuthorizationStore newStore(Clock clock) {
        return new RedisPendingAuthorizationStore(TestRedis.gateway(), TestRedis.freshKeys(), clock);
    }
}
