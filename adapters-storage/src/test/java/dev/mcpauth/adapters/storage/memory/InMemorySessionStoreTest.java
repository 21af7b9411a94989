package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.adapters.storage.contract.SessionStoreContract;
import dev.mcpauth.application.port.out.SessionStore;

import java.time.Clock;

class InMemorySessionStoreTest extends SessionStoreContract {
    @Override
    protected SessionStore newStore(Clock clock) {
        return new InMemorySessionStore(clock);
    }
}
