package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.adapters.storage.contract.SessionStoreContract;
import dev.mcpauth.application.port.out.SessionStore;

import java.time.Clock;

class RedisSessionStoreTest extends SessionStoreContract {
    @Override
    protected SessionStore newStore(Clock clock) {
        return new RedisSessionStore(TestRedis.gateway(), TestRedis.freshKeys(), clock);
    }
}
