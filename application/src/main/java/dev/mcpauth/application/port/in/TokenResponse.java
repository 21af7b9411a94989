package dev.mcpauth.application.port.in;

import dev.mcpauth.domain.scope.Scopes;

import java.util.Optional;

/** A successful token response (OAuth 2.1 §3.2.3). */
public record TokenResponse(String accessToken, long expiresInSeconds, Optional<String> refreshToken, Scopes scope) {
    @Override
    public String toString() {
        return "TokenResponse[scope=" + scope + "]";
    }
}
