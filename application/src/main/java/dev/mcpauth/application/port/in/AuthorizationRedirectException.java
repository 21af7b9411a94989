package dev.mcpauth.application.port.in;

import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;

/**
 * An authorization error to be returned to the client at its verified redirect URI (OAuth 2.1 §4.1.2.1), with
 * {@code state} and {@code iss} (RFC 9207).
 */
public final class AuthorizationRedirectException extends OAuthException {
    private final AuthorizationResponse response;

    public AuthorizationRedirectException(OAuthError error, String description, String redirectUri, String state,
                                          String issuer) {
        super(error, description);
        this.response = AuthorizationResponse.error(redirectUri, error, description, state, issuer);
    }

    public AuthorizationResponse response() {
        return response;
    }
}
