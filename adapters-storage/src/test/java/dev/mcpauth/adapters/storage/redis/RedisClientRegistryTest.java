package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.adapters.storage.contract.ClientRegistryContract;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.domain.client.Client;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.mcpauth.adapters.storage.contract.TestClients.staticClient;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RedisClientRegistryTest extends ClientRegistryContract {
    @Override
    protected ClientRegistry newRegistry(List<Client> staticClients) {
        return new RedisClientRegistry(staticClients, TestRedis.gateway(), TestRedis.freshKeys());
    }

    @Test
    void constructorWhenTwoStaticClientsShareAnIdThenRefuses() {
        List<Client> clients = List.of(staticClient("client-1"), staticClient("client-1"));

        assertThrows(IllegalArgumentException.class, () -> newRegistry(clients));
    }
}
