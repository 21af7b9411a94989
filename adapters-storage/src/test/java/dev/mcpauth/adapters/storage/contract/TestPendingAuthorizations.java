package dev.mcpauth.adapters.storage.contract;

import dev.mcpauth.domain.authorization.PendingAuthorization;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.pkce.CodeChallenge;
import dev.mcpauth.domain.pkce.CodeVerifier;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Pending authorizations for store tests. */
public final class TestPendingAuthorizations {
    private TestPendingAuthorizations() {
    }

    /** A request not yet signed in to, expiring at {@code expiresAt}. */
    public static PendingAuthorization pending(String id, Instant expiresAt) {
        return new PendingAuthorization(id, new ClientId("client-1"), "http://127.0.0.1:3000/callback", true,
                "state-" + id, CodeChallenge.fromVerifier(new CodeVerifier("v".repeat(43))), Scopes.of("read"),
                List.of(new Audience("https://mcp.example.com/mcp")), "csrf-" + id, expiresAt, Optional.empty());
    }
}
