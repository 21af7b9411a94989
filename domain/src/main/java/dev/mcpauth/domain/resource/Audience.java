package dev.mcpauth.domain.resource;

import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;

import java.net.URI;
import java.net.URISyntaxException;

/** A protected resource's identifier (RFC 8707 §2): an absolute URI without a fragment; the tokens' {@code aud}. */
public record Audience(String value) {
    public Audience {
        if (value == null || value.isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_TARGET, "resource must not be empty");
        }
        try {
            URI uri = new URI(value);
            if (!uri.isAbsolute() || uri.getRawFragment() != null) {
                throw new OAuthException(OAuthError.INVALID_TARGET,
                        "resource must be an absolute URI without a fragment");
            }
        } catch (URISyntaxException e) {
            throw new OAuthException(OAuthError.INVALID_TARGET, "resource is not a valid URI");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
