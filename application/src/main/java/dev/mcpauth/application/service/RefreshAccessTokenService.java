package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.RefreshAccessTokenUseCase;
import dev.mcpauth.application.port.in.TokenResponse;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.application.port.out.GrantStore;
import dev.mcpauth.application.port.out.PasswordHasher;
import dev.mcpauth.application.port.out.TokenSigner;
import dev.mcpauth.application.port.out.TokenGenerator;
import dev.mcpauth.application.settings.AuthorizationServerSettings;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.RefreshToken;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The refresh token grant (OAuth 2.1 §4.3) with rotation: each use replaces the token, and presenting a rotated one
 * revokes the family (RFC 9700 §4.14.2). The rotation is a compare-and-set on the grant, so of concurrent uses of
 * one token exactly one rotates; the others arrive at a rotated token, which is reuse.
 */
public final class RefreshAccessTokenService implements RefreshAccessTokenUseCase {
    private final ClientAuthenticator clientAuthenticator;
    private final GrantStore grants;
    private final AccessTokenIssuer tokenIssuer;
    private final TokenGenerator generator;
    private final Clock clock;
    private final AuthorizationServerSettings settings;

    public RefreshAccessTokenService(ClientRegistry clients, PasswordHasher passwords, GrantStore grants,
                                     TokenSigner signer, TokenGenerator generator, Clock clock,
                                     AuthorizationServerSettings settings) {
        this.clientAuthenticator = new ClientAuthenticator(clients, passwords);
        this.grants = grants;
        this.tokenIssuer = new AccessTokenIssuer(signer, generator, clock, settings);
        this.generator = generator;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public TokenResponse refresh(RefreshRequest command) {
        Client client = clientAuthenticator.authenticate(command.client());
        if (command.refreshToken() == null || command.refreshToken().isEmpty()) {
            throw OAuthException.invalidRequest("refresh_token is required");
        }
        RefreshToken presented = RefreshToken.parse(command.refreshToken())
                .orElseThrow(() -> OAuthException.invalidGrant("refresh token is invalid"));
        RefreshToken successor = new RefreshToken(presented.grantId(), generator.newSecret());
        while (true) {
            Grant grant = grants.find(presented.grantId())
                    .orElseThrow(() -> OAuthException.invalidGrant("refresh token is invalid"));
            if (!grant.clientId().equals(client.id())) {
                throw new OAuthException(OAuthError.INVALID_GRANT, "refresh token is invalid",
                        "refresh token of client " + grant.clientId() + " presented by " + client.id());
            }
            Scopes scope = narrowScope(grant, command.scope());
            List<Audience> audiences = RequestedResources.select(command.resources(), grant.audiences());
            Instant now = clock.instant();
            Grant.Rotation rotation = grant.rotate(presented.hash(), successor.hash(), now,
                    settings.lifetimes().refreshToken());
            if (rotation instanceof Grant.Rotation.Refused refused) {
                throw OAuthException.invalidGrant(refused.reason());
            }
            if (!grants.replace(rotation.grant(), grant.version(), rotation.grant().expiresAt(now))) {
                continue; // another request changed the grant first: judge the token again against the new state
            }
            if (rotation instanceof Grant.Rotation.ReuseDetected) {
                throw new OAuthException(OAuthError.INVALID_GRANT, "refresh token was already used; the grant is revoked",
                        "refresh token reuse for grant " + grant.id() + ": family revoked");
            }
            return tokenIssuer.respond(command.issuer(), rotation.grant(), scope, audiences,
                    Optional.of(successor.value()));
        }
    }

    /** OAuth 2.1 §4.3.1: a refresh may narrow the scope, never widen it. */
    private static Scopes narrowScope(Grant grant, String scopeParameter) {
        Scopes requested = Scopes.parse(scopeParameter);
        if (requested.isEmpty()) {
            return grant.scopes();
        }
        if (!grant.scopes().containsAll(requested)) {
            throw new OAuthException(OAuthError.INVALID_SCOPE,
                    "scope exceeds what was granted: " + grant.scopes().missingFrom(requested));
        }
        return requested;
    }
}
