package dev.mcpauth.adapters.storage.contract;

import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.client.ClientKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.mcpauth.adapters.storage.contract.TestClients.dynamicClient;
import static dev.mcpauth.adapters.storage.contract.TestClients.staticClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link ClientRegistry} must do; a subclass supplies a registry with no dynamic clients yet. */
public abstract class ClientRegistryContract {

    protected abstract ClientRegistry newRegistry(List<Client> staticClients);

    @Test
    void findWhenStaticClientThenReturnsIt() {
        Client client = staticClient("static-1");
        ClientRegistry registry = newRegistry(List.of(client, staticClient("static-2")));

        assertEquals(Optional.of(client), registry.find(client.id()));
    }

    @Test
    void findWhenUnknownThenEmpty() {
        ClientRegistry registry = newRegistry(List.of(staticClient("static-1")));

        assertEquals(Optional.empty(), registry.find(new ClientId("unknown")));
    }

    @Test
    void findWhenRegisteredDynamicallyThenReturnsIt() {
        ClientRegistry registry = newRegistry(List.of());
        Client client = dynamicClient("dynamic-1");

        assertTrue(registry.registerDynamic(client, 10));

        assertEquals(Optional.of(client), registry.find(client.id()));
    }

    @Test
    void registerDynamicWhenCapReachedThenFalseAndNothingStored() {
        ClientRegistry registry = newRegistry(List.of());
        assertTrue(registry.registerDynamic(dynamicClient("dynamic-1"), 2));
        assertTrue(registry.registerDynamic(dynamicClient("dynamic-2"), 2));

        assertFalse(registry.registerDynamic(dynamicClient("dynamic-3"), 2));

        assertEquals(Optional.empty(), registry.find(new ClientId("dynamic-3")));
    }

    @Test
    void registerDynamicWhenCapIsZeroThenFalse() {
        ClientRegistry registry = newRegistry(List.of());

        assertFalse(registry.registerDynamic(dynamicClient("dynamic-1"), 0));
    }

    @Test
    void registerDynamicWhenStaticClientsExistThenTheyDoNotCountTowardsTheCap() {
        ClientRegistry registry = newRegistry(List.of(staticClient("static-1"), staticClient("static-2")));

        assertTrue(registry.registerDynamic(dynamicClient("dynamic-1"), 1));
    }

    @Test
    void registerDynamicWhenIdOfAStaticClientThenFalseAndTheStaticClientStays() {
        Client original = staticClient("shared-id");
        ClientRegistry registry = newRegistry(List.of(original));

        assertFalse(registry.registerDynamic(dynamicClient("shared-id"), 10));

        assertEquals(ClientKind.STATIC, registry.find(original.id()).orElseThrow().kind());
    }

    @Test
    void registerDynamicWhenIdAlreadyRegisteredThenFalseAndTheFirstClientStays() {
        ClientRegistry registry = newRegistry(List.of());
        Client first = dynamicClient("dynamic-1");
        registry.registerDynamic(first, 10);

        assertFalse(registry.registerDynamic(dynamicClient("dynamic-1"), 10));

        assertEquals(Optional.of(first), registry.find(first.id()));
    }

    @Test
    void registerDynamicWhenConcurrentAtOneBelowTheCapThenExactlyOneSucceeds() throws Exception {
        ClientRegistry registry = newRegistry(List.of(staticClient("static-1")));
        int cap = 5;
        for (int i = 0; i < cap - 1; i++) {
            assertTrue(registry.registerDynamic(dynamicClient("before-" + i), cap));
        }

        List<Boolean> results = Race.run(Race.THREADS,
                i -> registry.registerDynamic(dynamicClient("racer-" + i), cap));

        assertEquals(1, results.stream().filter(registered -> registered).count());
        for (int i = 0; i < Race.THREADS; i++) {
            assertEquals(results.get(i), registry.find(new ClientId("racer-" + i)).isPresent());
        }
    }

    @Test
    void registerDynamicWhenConcurrentFromEmptyThenExactlyCapSucceed() throws Exception {
        ClientRegistry registry = newRegistry(List.of());
        int cap = 4;

        List<Boolean> results = Race.run(Race.THREADS,
                i -> registry.registerDynamic(dynamicClient("racer-" + i), cap));

        assertEquals(cap, results.stream().filter(registered -> registered).count());
    }
}
