package dev.mcpauth.application.port.out;

import dev.mcpauth.domain.token.AccessTokenClaims;

import java.util.Optional;

/**
 * Verifies the signature of an access token mcpauth issued, with any key it still publishes, and reads its claims.
 * Time, issuer and audience are the caller's to check.
 */
public interface AccessTokenVerifier {
    Optional<AccessTokenClaims> verify(String token);
}
