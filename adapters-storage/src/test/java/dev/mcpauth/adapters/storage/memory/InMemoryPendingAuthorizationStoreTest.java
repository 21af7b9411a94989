package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.adapters.storage.contract.PendingAuthorizationStoreContract;
import dev.mcpauth.application.port.out.PendingAuthorizationStore;

import java.time.Clock;

class InMemoryPendingAuthorizationStoreTest extends PendingAuthorizationStoreContract {
    @Override
    protected PendingAuthorizationStore newStore(Clock clock) {
        return new InMemoryPendingAuthorizationStore(clock);
    }
}
