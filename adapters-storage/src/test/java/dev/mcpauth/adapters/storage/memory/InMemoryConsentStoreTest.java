package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.adapters.storage.contract.ConsentStoreContract;
import dev.mcpauth.application.port.out.ConsentStore;

import java.time.Clock;

class InMemoryConsentStoreTest extends ConsentStoreContract {
    @Override
    protected ConsentStore newStore(Clock clock) {
        return new InMemoryConsentStore(clock);
    }
}
