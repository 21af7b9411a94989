package dev.mcpauth.domain.token;

import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.grant.GrantId;
import dev.mcpauth.domain.pkce.CodeChallenge;
import dev.mcpauth.domain.pkce.CodeVerifier;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An authorization code, stored by hash: single use, short-lived, bound to the client, the redirect URI, the PKCE
 * challenge, the scopes and the resources (OAuth 2.1 §4.1.2). The grant it will create is named up front, so that a
 * second redemption can revoke what the first issued (OAuth 2.1 §4.1.3).
 *
 * @param redirectUriInRequest whether the authorization request named the redirect URI; then the token request
 *                             must repeat it
 */
public record AuthorizationCode(
        TokenHash hash,
        ClientId clientId,
        String redirectUri,
        boolean redirectUriInRequest,
        CodeChallenge challenge,
        Scopes scopes,
        List<Audience> audiences,
        String subject,
        GrantId grantId,
        Instant issuedAt,
        Instant expiresAt,
        boolean redeemed) {

    /** The longest a code may live (OAuth 2.1 §4.1.2 recommends at most 10 minutes). */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(10);

    public AuthorizationCode {
        Objects.requireNonNull(hash);
        Objects.requireNonNull(clientId);
        Objects.requireNonNull(redirectUri);
        Objects.requireNonNull(challenge);
        Objects.requireNonNull(scopes);
        audiences = List.copyOf(audiences);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(grantId);
        if (Duration.between(issuedAt, expiresAt).compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("an authorization code lives at most " + MAX_LIFETIME);
        }
    }

    /** The same code, marked as used. */
    public AuthorizationCode redeem() {
        return new AuthorizationCode(hash, clientId, redirectUri, redirectUriInRequest, challenge, scopes, audiences,
                subject, grantId, issuedAt, expiresAt, true);
    }

    /**
     * Checks a token request against what this (not yet redeemed) code is bound to. Every failure is
     * {@code invalid_grant} (RFC 6749 §5.2).
     */
    public void checkExchange(ClientId presentedClient, String presentedRedirectUri, CodeVerifier verifier,
                              Instant now) {
        if (!now.isBefore(expiresAt)) {
            throw OAuthException.invalidGrant("authorization code expired");
        }
        if (!clientId.equals(presentedClient)) {
            throw OAuthException.invalidGrant("authorization code was issued to another client");
        }
        if (redirectUriInRequest && !redirectUri.equals(presentedRedirectUri)) {
            throw OAuthException.invalidGrant("redirect_uri does not match the authorization request");
        }
        if (!redirectUriInRequest && presentedRedirectUri != null && !redirectUri.equals(presentedRedirectUri)) {
            throw OAuthException.invalidGrant("redirect_uri does not match the authorization request");
        }
        if (!challenge.isSatisfiedBy(verifier)) {
            throw OAuthException.invalidGrant("code_verifier does not match the code_challenge");
        }
    }
}
