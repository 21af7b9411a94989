package dev.mcpauth.adapters.http.token;

import io.micronaut.http.HttpRequest;

/** Reads an RFC 6750 §2.1 bearer token from the Authorization header (the only method mcpauth accepts). */
public final class BearerTokens {
    private BearerTokens() {
    }

    /** The token, or null when the request carries no bearer credentials. */
    public static String from(HttpRequest<?> request) {
        String authorization = request.getHeaders().get("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
