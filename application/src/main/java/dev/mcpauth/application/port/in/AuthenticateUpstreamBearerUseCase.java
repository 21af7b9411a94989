package dev.mcpauth.application.port.in;

/**
 * Transparent mode: authenticates a bearer token from the upstream IdP and checks the scopes the resource requires.
 * A missing or invalid token is {@code invalid_token}; a valid one lacking scopes is {@code insufficient_scope}.
 */
public interface AuthenticateUpstreamBearerUseCase {
    UpstreamClaims authenticate(String token);
}
