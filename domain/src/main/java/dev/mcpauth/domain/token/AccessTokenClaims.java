package dev.mcpauth.domain.token;

import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.grant.GrantId;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The claims of an access token (RFC 9068 profile): {@code iss, sub, aud, exp, iat, jti, client_id, scope}, plus
 * {@code sid} naming the grant when sessions are stateful.
 */
public record AccessTokenClaims(
        String issuer,
        String subject,
        List<Audience> audiences,
        Instant issuedAt,
        Instant expiresAt,
        String jwtId,
        ClientId clientId,
        Scopes scope,
        Optional<GrantId> sessionId) {

    public AccessTokenClaims {
        Objects.requireNonNull(issuer);
        Objects.requireNonNull(subject);
        audiences = List.copyOf(audiences);
        Objects.requireNonNull(issuedAt);
        Objects.requireNonNull(expiresAt);
        Objects.requireNonNull(jwtId);
        Objects.requireNonNull(clientId);
        Objects.requireNonNull(scope);
        Objects.requireNonNull(sessionId);
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public boolean isFor(Audience audience) {
        return audiences.contains(audience);
    }
}
