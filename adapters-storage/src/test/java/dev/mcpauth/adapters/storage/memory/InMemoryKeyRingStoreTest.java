package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.adapters.storage.contract.KeyRingStoreContract;
import dev.mcpauth.application.port.out.KeyRingStore;

class InMemoryKeyRingStoreTest extends KeyRingStoreContract {
    @Override
    protected KeyRingStore newStore() {
        return new InMemoryKeyRingStore();
    }
}
