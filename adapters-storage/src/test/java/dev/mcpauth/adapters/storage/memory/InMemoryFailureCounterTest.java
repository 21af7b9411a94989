package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.adapters.storage.contract.FailureCounterContract;
import dev.mcpauth.application.port.out.FailureCounter;

import java.time.Clock;

class InMemoryFailureCounterTest extends FailureCounterContract {
    @Override
    protected FailureCounter newCounter(Clock clock) {
        return new InMemoryFailureCounter(clock);
    }
}
