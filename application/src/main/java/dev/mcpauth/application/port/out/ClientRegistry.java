package dev.mcpauth.application.port.out;

import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.client.ClientId;

import java.util.Optional;

/** The registered clients: static ones from configuration and dynamic ones (RFC 7591). */
public interface ClientRegistry {
    Optional<Client> find(ClientId id);

    /**
     * Stores a dynamically registered client unless {@code maxDynamicClients} are registered already.
     *
     * @return false when the cap is reached and nothing was stored
     */
    boolean registerDynamic(Client client, int maxDynamicClients);
}
