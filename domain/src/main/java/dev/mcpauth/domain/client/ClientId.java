package dev.mcpauth.domain.client;

import dev.mcpauth.domain.error.OAuthException;

/** An OAuth client identifier (RFC 6749 §2.2): printable ASCII, at most 2048 characters (room for CIMD URLs). */
public record ClientId(String value) {
    public ClientId {
        if (value == null || value.isEmpty()) {
            throw OAuthException.invalidRequest("client_id is required");
        }
        if (value.length() > 2048) {
            throw OAuthException.invalidRequest("client_id is too long");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw OAuthException.invalidRequest("client_id contains characters outside printable ASCII");
            }
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
