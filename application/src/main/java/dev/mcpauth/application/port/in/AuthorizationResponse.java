package dev.mcpauth.application.port.in;

import dev.mcpauth.domain.error.OAuthError;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the browser goes back to the client: a verified redirect URI and the parameters to add to its query
 * ({@code code} or {@code error}, {@code state}, {@code iss}).
 */
public record AuthorizationResponse(String redirectUri, Map<String, String> parameters) {
    public AuthorizationResponse {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public static AuthorizationResponse code(String redirectUri, String code, String state, String issuer) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("code", code);
        putIfPresent(p, "state", state);
        p.put("iss", issuer);
        return new AuthorizationResponse(redirectUri, p);
    }

    public static AuthorizationResponse error(String redirectUri, OAuthError error, String description, String state,
                                              String issuer) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("error", error.code());
        p.put("error_description", description);
        putIfPresent(p, "state", state);
        p.put("iss", issuer);
        return new AuthorizationResponse(redirectUri, p);
    }

    private static void putIfPresent(Map<String, String> p, String key, String value) {
        if (value != null) {
            p.put(key, value);
        }
    }
}
