package dev.mcpauth.application.port.in;

import dev.mcpauth.domain.client.Client;

import java.util.List;
import java.util.Optional;

/** Dynamic client registration (RFC 7591). */
public interface RegisterClientUseCase {
    RegisteredClient register(ClientRegistration command);

    /**
     * The client metadata of a registration request (RFC 7591 §2). Lists are null when absent.
     *
     * @param initialAccessToken the bearer token of the request, if any
     */
    record ClientRegistration(List<String> redirectUris, String tokenEndpointAuthMethod, List<String> grantTypes,
                              List<String> responseTypes, String clientName, String scope,
                              Optional<String> initialAccessToken) {
    }

    /** The registered client, with its secret in the clear: the only time it is ever shown. */
    record RegisteredClient(Client client, Optional<String> clientSecret) {
        @Override
        public String toString() {
            return "RegisteredClient[" + client.id() + "]";
        }
    }
}
