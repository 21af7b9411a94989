package dev.mcpauth.adapters.storage.contract;

import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.grant.GrantId;
import dev.mcpauth.domain.pkce.CodeChallenge;
import dev.mcpauth.domain.pkce.CodeVerifier;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.AuthorizationCode;
import dev.mcpauth.domain.token.TokenHash;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Authorization codes for store tests. */
public final class TestAuthorizationCodes {
    public static final Duration LIFETIME = Duration.ofSeconds(60);

    private TestAuthorizationCodes() {
    }

    /** An unredeemed code for the value {@code code}, issued at {@code issuedAt} and valid for {@link #LIFETIME}. */
    public static AuthorizationCode code(String code, Instant issuedAt) {
        return new AuthorizationCode(TokenHash.of(code), new ClientId("client-1"), "http://127.0.0.1:3000/callback",
                true, CodeChallenge.fromVerifier(new CodeVerifier("v".repeat(43))), Scopes.of("read", "write"),
                List.of(new Audience("https://mcp.example.com/mcp")), "alice", new GrantId("grant-of-" + code),
                issuedAt, issuedAt.plus(LIFETIME), false);
    }
}
