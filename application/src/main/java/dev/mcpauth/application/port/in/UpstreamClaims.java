package dev.mcpauth.application.port.in;

import dev.mcpauth.domain.scope.Scopes;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a verified upstream access token says (transparent mode): issuer, subject, audiences, scopes (from
 * {@code scope} or {@code scp}), the client ({@code client_id}, {@code azp} or {@code cid}) and expiry.
 */
public record UpstreamClaims(String issuer, String subject, List<String> audiences, Scopes scopes,
                             Optional<String> clientId, Instant expiresAt) {
    public UpstreamClaims {
        Objects.requireNonNull(issuer);
        Objects.requireNonNull(subject);
        audiences = List.copyOf(audiences);
        Objects.requireNonNull(scopes);
        Objects.requireNonNull(clientId);
        Objects.requireNonNull(expiresAt);
    }
}
