package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.adapters.storage.contract.ClientRegistryContract;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.domain.client.Client;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.mcpauth.adapters.storage.contract.TestClients.staticClient;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InMemoryClientRegistryTest extends ClientRegistryContract {
    @Override
    protected ClientRegistry newRegistry(List<Client> staticClients) {
        return new InMemoryClientRegistry(staticClients);
    }

    @Test
    void constructorWhenTwoStaticClientsShareAnIdThenRefuses() {
        List<Client> clients = List.of(staticClient("client-1"), staticClient("client-1"));

        assertThrows(IllegalArgumentException.class, () -> new InMemoryClientRegistry(clients));
    }
}
