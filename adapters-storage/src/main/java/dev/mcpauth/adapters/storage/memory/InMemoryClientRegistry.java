package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.client.ClientId;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The static clients given at startup and the dynamic ones registered since, in this JVM's memory. Dynamic clients
 * have no expiry; the registration cap bounds them.
 */
public final class InMemoryClientRegistry implements ClientRegistry {
    private final Map<ClientId, Client> staticClients;
    private final ConcurrentHashMap<ClientId, Client> dynamicClients = new ConcurrentHashMap<>();
    private final Object registrationLock = new Object();

    /** @throws IllegalArgumentException when two static clients share an id */
    public InMemoryClientRegistry(List<Client> staticClients) {
        Map<ClientId, Client> byId = new HashMap<>();
        for (Client client : staticClients) {
            if (byId.putIfAbsent(client.id(), client) != null) {
                throw new IllegalArgumentException("two static clients have the client_id " + client.id());
            }
        }
        this.staticClients = Map.copyOf(byId);
    }

    @Override
    public Optional<Client> find(ClientId id) {
        Client client = staticClients.get(id);
        return Optional.ofNullable(client != null ? client : dynamicClients.get(id));
    }

    /** Also false, storing nothing, when a client with the same id exists already. */
    @Override
    public boolean registerDynamic(Client client, int maxDynamicClients) {
        if (staticClients.containsKey(client.id())) {
            return false;
        }
        // Registration is rare; a lock keeps the cap check and the insert one step.
        synchronized (registrationLock) {
            if (dynamicClients.size() >= maxDynamicClients || dynamicClients.containsKey(client.id())) {
                return false;
            }
            dynamicClients.put(client.id(), client);
            return true;
        }
    }
}
