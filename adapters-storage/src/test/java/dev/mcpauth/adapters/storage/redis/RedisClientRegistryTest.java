package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.adapters.storage.contract.ClientRegistryContract;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.domain.client.Client;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.mcpauth.adapters.storage.contract.TestClients.dynamicClient;
import static dev.mcpauth.adapters.storage.contract.TestClients.staticClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void findWhenTheClientWasReadBeforeThenAnswersWithoutRedis() {
        RedisKeys keys = TestRedis.freshKeys();
        RedisClientRegistry registry = new RedisClientRegistry(List.of(), TestRedis.gateway(), keys);
        Client client = dynamicClient("dynamic-1");
        assertTrue(registry.registerDynamic(client, 10));
        assertEquals(Optional.of(client), registry.find(client.id()));

        // registrations never change, so the instance keeps what it read: gone from Redis, still known here
        TestRedis.gateway().del(keys.dynamicClients());

        assertEquals(Optional.of(client), registry.find(client.id()));
        assertEquals(Optional.empty(),
                new RedisClientRegistry(List.of(), TestRedis.gateway(), keys).find(client.id()));
    }

    @Test
    void findWhenAnotherInstanceRegistersAfterAMissThenSeesTheClient() {
        RedisKeys keys = TestRedis.freshKeys();
        RedisClientRegistry first = new RedisClientRegistry(List.of(), TestRedis.gateway(), keys);
        RedisClientRegistry second = new RedisClientRegistry(List.of(), TestRedis.gateway(), keys);
        Client client = dynamicClient("dynamic-2");
        assertEquals(Optional.empty(), first.find(client.id()));

        assertTrue(second.registerDynamic(client, 10));

        assertEquals(Optional.of(client), first.find(client.id()));
    }

    @Test
    void findWhenMoreClientsThanItRemembersThenStillFindsEachInRedis() {
        RedisKeys keys = TestRedis.freshKeys();
        RedisClientRegistry registry = new RedisClientRegistry(List.of(), TestRedis.gateway(), keys);
        int count = RedisClientRegistry.MAX_REMEMBERED + 5;
        for (int i = 0; i < count; i++) {
            assertTrue(registry.registerDynamic(dynamicClient("many-" + i), count));
        }

        for (int i = 0; i < count; i++) {
            assertEquals("many-" + i, registry.find(dynamicClient("many-" + i).id()).orElseThrow().id().value());
        }
    }
}
