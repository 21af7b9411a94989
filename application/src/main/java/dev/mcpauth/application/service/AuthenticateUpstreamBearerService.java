package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.AuthenticateUpstreamBearerUseCase;
import dev.mcpauth.application.port.in.UpstreamClaims;
import dev.mcpauth.application.port.out.UpstreamTokenVerifier;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.scope.Scopes;

import java.util.Objects;

/**
 * Transparent mode: a bearer token of the upstream IdP (RFC 6750) is verified by the {@link UpstreamTokenVerifier},
 * then must carry every scope the resource requires (RFC 6750 §3.1 {@code insufficient_scope}).
 */
public final class AuthenticateUpstreamBearerService implements AuthenticateUpstreamBearerUseCase {
    private final UpstreamTokenVerifier verifier;
    private final Scopes requiredScopes;

    public AuthenticateUpstreamBearerService(UpstreamTokenVerifier verifier, Scopes requiredScopes) {
        this.verifier = Objects.requireNonNull(verifier);
        this.requiredScopes = Objects.requireNonNull(requiredScopes);
    }

    /** The scopes every token must carry; what a 401/403 challenge advertises in {@code scope="…"}. */
    public Scopes requiredScopes() {
        return requiredScopes;
    }

    @Override
    public UpstreamClaims authenticate(String token) {
        if (token == null || token.isBlank()) {
            throw new OAuthException(OAuthError.INVALID_TOKEN, "an access token is required", "no bearer token");
        }
        UpstreamClaims claims = verifier.verify(token);
        Scopes missing = claims.scopes().missingFrom(requiredScopes);
        if (!missing.isEmpty()) {
            throw new OAuthException(OAuthError.INSUFFICIENT_SCOPE, "the token lacks scope " + missing.asString(),
                    "subject " + claims.subject() + " has scope '" + claims.scopes() + "'");
        }
        return claims;
    }
}
