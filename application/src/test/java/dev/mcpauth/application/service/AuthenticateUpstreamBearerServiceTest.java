package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.UpstreamClaims;
import dev.mcpauth.application.port.out.UpstreamTokenVerifier;
import dev.mcpauth.application.port.out.UpstreamUnavailableException;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.scope.Scopes;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthenticateUpstreamBearerServiceTest {
    private static final String ISSUER = "https://idp.example.com/";

    private final FakeVerifier verifier = new FakeVerifier();

    @Test
    void authenticateWhenTokenCarriesRequiredScopesThenClaims() {
        UpstreamClaims claims = claims(Scopes.of("openid", "mcp:read", "mcp:write"));
        verifier.tokens.put("good", claims);
        AuthenticateUpstreamBearerService service =
                new AuthenticateUpstreamBearerService(verifier, Scopes.of("mcp:read", "mcp:write"));

        assertSame(claims, service.authenticate("good"));
        assertEquals(List.of("good"), verifier.seen);
    }

    @Test
    void authenticateWhenNoScopesRequiredThenAnyValidTokenAccepted() {
        UpstreamClaims claims = claims(Scopes.empty());
        verifier.tokens.put("good", claims);

        assertSame(claims, new AuthenticateUpstreamBearerService(verifier, Scopes.empty()).authenticate("good"));
    }

    @Test
    void authenticateWhenTokenMissingThenInvalidTokenWithoutVerifying() {
        AuthenticateUpstreamBearerService service = new AuthenticateUpstreamBearerService(verifier, Scopes.empty());

        OAuthException nullToken = assertOAuthError(OAuthError.INVALID_TOKEN, "an access token is required",
                () -> service.authenticate(null));
        assertOAuthError(OAuthError.INVALID_TOKEN, "an access token is required", () -> service.authenticate(""));
        assertOAuthError(OAuthError.INVALID_TOKEN, "an access token is required", () -> service.authenticate("  "));
        assertEquals(401, nullToken.error().httpStatus());
        assertTrue(verifier.seen.isEmpty());
    }

    @Test
    void authenticateWhenVerifierRefusesThenItsErrorPropagates() {
        AuthenticateUpstreamBearerService service = new AuthenticateUpstreamBearerService(verifier, Scopes.empty());

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token is invalid", () -> service.authenticate("bad"));
    }

    @Test
    void authenticateWhenIdpUnavailableThenUnavailablePropagates() {
        verifier.unavailable = true;
        AuthenticateUpstreamBearerService service = new AuthenticateUpstreamBearerService(verifier, Scopes.empty());

        assertThrows(UpstreamUnavailableException.class, () -> service.authenticate("good"));
    }

    @Test
    void authenticateWhenScopesMissingThenInsufficientScopeNamingThem() {
        verifier.tokens.put("narrow", claims(Scopes.of("openid", "mcp:read")));
        AuthenticateUpstreamBearerService service =
                new AuthenticateUpstreamBearerService(verifier, Scopes.of("mcp:read", "mcp:write", "mcp:admin"));

        OAuthException e = assertOAuthError(OAuthError.INSUFFICIENT_SCOPE,
                "the token lacks scope mcp:write mcp:admin", () -> service.authenticate("narrow"));
        assertEquals(403, e.error().httpStatus());
    }

    @Test
    void requiredScopesWhenBuiltThenExposedForChallenges() {
        Scopes required = Scopes.of("mcp:read");

        assertEquals(required, new AuthenticateUpstreamBearerService(verifier, required).requiredScopes());
    }

    private static UpstreamClaims claims(Scopes scopes) {
        return new UpstreamClaims(ISSUER, "alice", List.of("https://mcp.example.com/mcp"), scopes,
                Optional.of("inspector"), Instant.parse("2030-01-01T00:00:00Z"));
    }

    /** Knows a few tokens by value; anything else is invalid. */
    private static final class FakeVerifier implements UpstreamTokenVerifier {
        final Map<String, UpstreamClaims> tokens = new HashMap<>();
        final List<String> seen = new ArrayList<>();
        boolean unavailable;

        @Override
        public UpstreamClaims verify(String token) {
            seen.add(token);
            if (unavailable) {
                throw new UpstreamUnavailableException("idp down", null);
            }
            UpstreamClaims claims = tokens.get(token);
            if (claims == null) {
                throw new OAuthException(OAuthError.INVALID_TOKEN, "the access token is invalid");
            }
            return claims;
        }
    }
}
