package dev.mcpauth.application.port.out;

import dev.mcpauth.domain.token.AccessTokenClaims;

/** Signs access tokens as JWTs with the active key (ES256 or RS256, with a {@code kid}). */
public interface TokenSigner {
    String sign(AccessTokenClaims claims);
}
