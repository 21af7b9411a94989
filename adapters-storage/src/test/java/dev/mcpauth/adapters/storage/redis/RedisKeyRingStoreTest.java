package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.adapters.storage.contract.KeyRingStoreContract;
import dev.mcpauth.application.port.out.KeyRingStore;

class RedisKeyRingStoreTest extends KeyRingStoreContract {
    @Override
    protected KeyRingStore newStore() {
        return new RedisKeyRingStore(TestRedis.gateway(), TestRedis.freshKeys());
    }
}
