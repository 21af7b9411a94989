package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.adapters.storage.contract.GrantStoreContract;
import dev.mcpauth.application.port.out.GrantStore;

import java.time.Clock;

class InMemoryGrantStoreTest extends GrantStoreContract {
    @Override
    protected GrantStore newStore(Clock clock) {
        return new InMemoryGrantStore(clock);
    }
}
