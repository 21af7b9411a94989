package dev.mcpauth.application.fakes;

import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.client.ClientKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public final class InMemoryClientRegistry implements ClientRegistry {
    private final Map<ClientId, Client> clients = new HashMap<>();

    /** Registers a client as configuration would (no cap). */
    public synchronized InMemoryClientRegistry add(Client client) {
        clients.put(client.id(), client);
        return this;
    }

    @Override
    public synchronized Optional<Client> find(ClientId id) {
        return Optional.ofNullable(clients.get(id));
    }

    @Override
    public synchronized boolean registerDynamic(Client client, int maxDynamicClients) {
        if (dynamicClients().size() >= maxDynamicClients || clients.containsKey(client.id())) {
            return false;
        }
        clients.put(client.id(), client);
        return true;
    }

    public synchronized List<Client> dynamicClients() {
        List<Client> dynamic = new ArrayList<>();
        for (Client client : clients.values()) {
            if (client.kind() == ClientKind.DYNAMIC) {
                dynamic.add(client);
            }
        }
        return dynamic;
    }
}
