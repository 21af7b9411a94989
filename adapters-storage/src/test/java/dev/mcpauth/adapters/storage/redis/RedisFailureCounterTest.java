package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.adapters.storage.contract.FailureCounterContract;
import dev.mcpauth.application.port.out.FailureCounter;

import java.time.Clock;

class RedisFailureCounterTest extends FailureCounterContract {
    @Override
    protected FailureCounter newCounter(Clock clock) {
        return new RedisFailureCounter(TestRedis.gateway(), TestRedis.freshKeys(), clock);
    }
}
