package dev.mcpauth.application.port.in;

import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.token.AccessTokenClaims;

import java.util.Optional;

/**
 * Authenticates a bearer access token (RFC 6750): signature, issuer, expiry, audience, and, with stateful
 * sessions, that its grant is still active. Failures are {@code invalid_token}.
 */
public interface AuthenticateBearerUseCase {
    AccessTokenClaims authenticate(BearerToken command);

    /** @param audience the resource the token must be for; empty to accept any of this issuer's resources */
    record BearerToken(String issuer, String token, Optional<Audience> audience) {
        @Override
        public String toString() {
            return "BearerToken[" + audience + "]";
        }
    }
}
