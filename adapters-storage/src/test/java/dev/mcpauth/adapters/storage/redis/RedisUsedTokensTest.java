package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.adapters.storage.contract.UsedTokensContract;
import dev.mcpauth.application.port.out.UsedTokens;

import java.time.Clock;

class RedisUsedTokensTest extends UsedTokensContract {
    @Override
    protected UsedTokens newLedger(Clock clock) {
        return new RedisUsedTokens(TestRedis.gateway(), TestRedis.freshKeys(), clock);
    }
}
