package dev.mcpauth.adapters.storage.contract;

import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.client.ClientKind;
import dev.mcpauth.domain.client.RedirectUri;
import dev.mcpauth.domain.client.TokenEndpointAuthMethod;
import dev.mcpauth.domain.scope.Scopes;

import java.util.List;
import java.util.Optional;

/** Clients for store tests. */
public final class TestClients {
    private TestClients() {
    }

    public static Client staticClient(String id) {
        return client(id, ClientKind.STATIC);
    }

    public static Client dynamicClient(String id) {
        return client(id, ClientKind.DYNAMIC);
    }

    private static Client client(String id, ClientKind kind) {
        return new Client(new ClientId(id), Optional.empty(), List.of(new RedirectUri("http://127.0.0.1/callback")),
                TokenEndpointAuthMethod.NONE, kind + " " + id, Scopes.empty(), kind, MutableClock.START);
    }
}
