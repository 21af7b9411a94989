package dev.mcpauth.domain.client;

import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.scope.Scopes;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered OAuth client. Confidential clients carry the hash of their secret, never the secret itself.
 *
 * @param secretHash  the hash of the client secret in a format the password verifier understands; empty for
 *                    public clients
 * @param scope       the scopes the client may request; {@link Scopes#empty()} means any supported scope
 */
public record Client(
        ClientId id,
        Optional<String> secretHash,
        List<RedirectUri> redirectUris,
        TokenEndpointAuthMethod authMethod,
        String name,
        Scopes scope,
        ClientKind kind,
        Instant issuedAt) {

    public Client {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(issuedAt, "issuedAt");
        scope = scope == null ? Scopes.empty() : scope;
        redirectUris = List.copyOf(redirectUris);
        if (redirectUris.isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_REDIRECT_URI, "at least one redirect URI is required");
        }
        if (authMethod.usesSecret() && secretHash.isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_CLIENT_METADATA,
                    authMethod.value() + " needs a client secret");
        }
        if (!authMethod.usesSecret() && secretHash.isPresent()) {
            throw new OAuthException(OAuthError.INVALID_CLIENT_METADATA,
                    "a client with token_endpoint_auth_method none has no secret");
        }
        name = name == null || name.isBlank() ? id.value() : name;
    }

    public boolean isPublic() {
        return !authMethod.usesSecret();
    }

    /**
     * The registered redirect URI a presented one matches, by exact string or, for loopback, any port. When the
     * request names none, the only registered URI is implied (OAuth 2.1 §4.1.1 allows omitting it then).
     */
    public Optional<String> resolveRedirectUri(String presented) {
        if (presented == null || presented.isEmpty()) {
            return redirectUris.size() == 1 ? Optional.of(redirectUris.get(0).value()) : Optional.empty();
        }
        for (RedirectUri registered : redirectUris) {
            if (registered.matches(presented)) {
                return Optional.of(presented);
            }
        }
        return Optional.empty();
    }
}
