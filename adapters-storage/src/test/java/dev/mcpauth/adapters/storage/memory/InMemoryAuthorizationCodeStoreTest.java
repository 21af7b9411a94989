package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.adapters.storage.contract.AuthorizationCodeStoreContract;
import dev.mcpauth.application.port.out.AuthorizationCodeStore;

import java.time.Clock;

class InMemoryAuthorizationCodeStoreTest extends AuthorizationCodeStoreContract {
    @Override
    protected AuthorizationCodeStore newStore(Clock clock) {
        return new InMemoryAuthorizationCodeStore(clock);
    }
}
