package dev.mcpauth.application.port.in;

import dev.mcpauth.domain.authorization.PendingAuthorization;

/**
 * Validates an authorization request and keeps it pending for login and consent.
 * Errors before the client and redirect URI are verified are plain {@code OAuthException}s (to be shown as an
 * error page); later ones are {@link AuthorizationRedirectException}s, sent back to the client.
 */
public interface StartAuthorizationUseCase {
    PendingAuthorization start(AuthorizationRequest request);
}
