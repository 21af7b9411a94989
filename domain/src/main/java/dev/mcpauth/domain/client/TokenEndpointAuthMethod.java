package dev.mcpauth.domain.client;

import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;

/** How a client authenticates at the token endpoint (RFC 7591 §2). */
public enum TokenEndpointAuthMethod {
    NONE("none"),
    CLIENT_SECRET_BASIC("client_secret_basic"),
    CLIENT_SECRET_POST("client_secret_post");

    private final String value;

    TokenEndpointAuthMethod(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public boolean usesSecret() {
        return this != NONE;
    }

    public static TokenEndpointAuthMethod fromValue(String value) {
        for (TokenEndpointAuthMethod method : values()) {
            if (method.value.equals(value)) {
                return method;
            }
        }
        throw new OAuthException(OAuthError.INVALID_CLIENT_METADATA,
                "token_endpoint_auth_method must be one of none, client_secret_basic, client_secret_post");
    }
}
