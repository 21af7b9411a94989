package dev.mcpauth.domain.authorization;

import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.pkce.CodeChallenge;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An authorization request that {@code /oauth/authorize} accepted, waiting for login and consent. Short-lived,
 * single use, and carrying the CSRF token its pages must post back.
 *
 * @param subject the authenticated user, once the login page succeeded
 */
public record PendingAuthorization(
        String id,
        ClientId clientId,
        String redirectUri,
        boolean redirectUriInRequest,
        String state,
        CodeChallenge challenge,
        Scopes scopes,
        List<Audience> audiences,
        String csrfToken,
        Instant expiresAt,
        Optional<String> subject) {

    public PendingAuthorization {
        Objects.requireNonNull(id);
        Objects.requireNonNull(clientId);
        Objects.requireNonNull(redirectUri);
        Objects.requireNonNull(challenge);
        Objects.requireNonNull(scopes);
        audiences = List.copyOf(audiences);
        Objects.requireNonNull(csrfToken);
        Objects.requireNonNull(expiresAt);
        Objects.requireNonNull(subject);
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Refuses a form post whose CSRF token (from the form and from the cookie) is not this request's. */
    public void checkCsrf(String formToken, String cookieToken) {
        if (!constantTimeEquals(csrfToken, formToken) || !constantTimeEquals(csrfToken, cookieToken)) {
            throw new OAuthException(OAuthError.ACCESS_DENIED, "the form expired or was not sent by this browser");
        }
    }

    public PendingAuthorization authenticate(String authenticatedSubject) {
        return new PendingAuthorization(id, clientId, redirectUri, redirectUriInRequest, state, challenge, scopes,
                audiences, csrfToken, expiresAt, Optional.of(authenticatedSubject));
    }

    public boolean isAuthenticated() {
        return subject.isPresent();
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }
}
