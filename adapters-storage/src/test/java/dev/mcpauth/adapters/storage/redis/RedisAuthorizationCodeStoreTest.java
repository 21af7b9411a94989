package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.adapters.storage.contract.AuthorizationCodeStoreContract;
import dev.mcpauth.application.port.out.AuthorizationCodeStore;

import java.time.Clock;

class RedisAuthorizationCodeStoreTest extends AuthorizationCodeStoreContract {
    @Override
    protected AuthorizationCodeStore newStore(Clock clock) {
        return new RedisAuthorizationCodeStore(TestRedis.gateway(), TestRedis.freshKeys(), clock);
    }
}
