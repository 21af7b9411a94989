package dev.mcpauth.application.port.out;

import dev.mcpauth.domain.scope.Scopes;

import java.time.Instant;
import java.util.Objects;

/**
 * Signs the short-lived JWT that tells an upstream MCP server who is calling (with the same keys as the access
 * tokens, so the upstream verifies it at {@code /.well-known/jwks.json}; {@code typ} distinguishes the two).
 */
public interface IdentityAssertionSigner {
    String sign(IdentityAssertion assertion);

    /**
     * @param audience the upstream MCP server's URL
     */
    record IdentityAssertion(String issuer, String subject, boolean anonymous, String clientId, Scopes scopes,
                             String audience, Instant issuedAt, Instant expiresAt, String jwtId) {
        public IdentityAssertion {
            Objects.requireNonNull(issuer);
            Objects.requireNonNull(subject);
            Objects.requireNonNull(clientId);
            Objects.requireNonNull(scopes);
            Objects.requireNonNull(audience);
            Objects.requireNonNull(issuedAt);
            Objects.requireNonNull(expiresAt);
            Objects.requireNonNull(jwtId);
        }
    }
}
