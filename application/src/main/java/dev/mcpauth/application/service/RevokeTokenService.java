package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.RevokeTokenUseCase;
import dev.mcpauth.application.port.out.AccessTokenVerifier;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.application.port.out.GrantStore;
import dev.mcpauth.application.port.out.PasswordHasher;
import dev.mcpauth.application.settings.AuthorizationServerSettings;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.grant.RefreshTokenFamily;
import dev.mcpauth.domain.token.AccessTokenClaims;
import dev.mcpauth.domain.token.RefreshToken;

import java.time.Clock;
import java.util.Optional;

/**
 * Token revocation (RFC 7009 §2). A refresh token, or an access token with a {@code sid}, revokes its whole grant.
 * Tokens that are invalid, unknown or another client's are answered like success (§2.2), revealing nothing.
 */
public final class RevokeTokenService implements RevokeTokenUseCase {
    private final ClientAuthenticator clientAuthenticator;
    private final GrantStore grants;
    private final AccessTokenVerifier accessTokens;
    private final GrantRevoker revoker;
    private final Clock clock;

    public RevokeTokenService(ClientRegistry clients, PasswordHasher passwords, GrantStore grants,
                              AccessTokenVerifier accessTokens, Clock clock, AuthorizationServerSettings settings) {
        this.clientAuthenticator = new ClientAuthenticator(clients, passwords);
        this.grants = grants;
        this.accessTokens = accessTokens;
        this.revoker = new GrantRevoker(grants, clock, settings.lifetimes().refreshToken());
        this.clock = clock;
    }

    @Override
    public void revoke(Revocation command) {
        Client client = clientAuthenticator.authenticate(command.client());
        if (command.token() == null || command.token().isEmpty()) {
            throw OAuthException.invalidRequest("token is required");
        }
        String hint = command.tokenTypeHint();
        if (hint != null && !hint.equals("refresh_token") && !hint.equals("access_token")) {
            throw new OAuthException(OAuthError.UNSUPPORTED_TOKEN_TYPE,
                    "token_type_hint must be refresh_token or access_token");
        }
        grantOf(command.token())
                .filter(grant -> grant.clientId().equals(client.id()))
                .ifPresent(revoker::revoke);
    }

    private Optional<Grant> grantOf(String token) {
        Optional<RefreshToken> refresh = RefreshToken.parse(token);
        if (refresh.isPresent()) {
            return grants.find(refresh.get().grantId()).filter(grant -> isFamilyToken(grant, refresh.get()));
        }
        return accessTokens.verify(token)
                .filter(claims -> !claims.isExpired(clock.instant()))
                .flatMap(AccessTokenClaims::sessionId)
                .flatMap(grants::find);
    }

    private boolean isFamilyToken(Grant grant, RefreshToken token) {
        return grant.family()
                .map(family -> family.classify(token.hash(), clock.instant()) != RefreshTokenFamily.Presented.UNKNOWN)
                .orElse(false);
    }
}
