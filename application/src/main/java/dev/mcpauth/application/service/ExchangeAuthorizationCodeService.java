package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.ExchangeAuthorizationCodeUseCase;
import dev.mcpauth.application.port.in.TokenResponse;
import dev.mcpauth.application.port.out.AuthorizationCodeStore;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.application.port.out.GrantStore;
import dev.mcpauth.application.port.out.PasswordHasher;
import dev.mcpauth.application.port.out.TokenSigner;
import dev.mcpauth.application.port.out.TokenGenerator;
import dev.mcpauth.application.settings.AuthorizationServerSettings;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.pkce.CodeVerifier;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.token.AuthorizationCode;
import dev.mcpauth.domain.token.RefreshToken;
import dev.mcpauth.domain.token.TokenHash;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The authorization code grant (OAuth 2.1 §4.1.3). The code is marked redeemed before anything else, atomically; a
 * second redemption is refused and revokes the grant the first one created (OAuth 2.1 §4.1.2, RFC 9700 §4.5).
 */
public final class ExchangeAuthorizationCodeService implements ExchangeAuthorizationCodeUseCase {
    private final ClientAuthenticator clientAuthenticator;
    private final AuthorizationCodeStore codes;
    private final GrantStore grants;
    private final GrantRevoker revoker;
    private final AccessTokenIssuer tokenIssuer;
    private final TokenGenerator generator;
    private final Clock clock;
    private final AuthorizationServerSettings settings;

    public ExchangeAuthorizationCodeService(ClientRegistry clients, PasswordHasher passwords,
                                            AuthorizationCodeStore codes, GrantStore grants, TokenSigner signer,
                                            TokenGenerator generator, Clock clock,
                                            AuthorizationServerSettings settings) {
        this.clientAuthenticator = new ClientAuthenticator(clients, passwords);
        this.codes = codes;
        this.grants = grants;
        this.revoker = new GrantRevoker(grants, clock, settings.lifetimes().refreshToken());
        this.tokenIssuer = new AccessTokenIssuer(signer, generator, clock, settings);
        this.generator = generator;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public TokenResponse exchange(CodeExchange command) {
        Client client = clientAuthenticator.authenticate(command.client());
        if (command.code() == null || command.code().isEmpty()) {
            throw OAuthException.invalidRequest("code is required");
        }
        if (command.codeVerifier() == null || command.codeVerifier().isEmpty()) {
            throw OAuthException.invalidRequest("code_verifier is required (PKCE)");
        }
        CodeVerifier verifier = new CodeVerifier(command.codeVerifier());
        AuthorizationCode code = codes.redeem(TokenHash.of(command.code()))
                .orElseThrow(() -> OAuthException.invalidGrant("authorization code is invalid or expired"));
        Grant template = Grant.issue(code.grantId(), code.clientId(), code.subject(), code.scopes(),
                code.audiences(), Optional.empty(), code.issuedAt(), settings.lifetimes().refreshToken());
        if (code.redeemed()) {
            revoker.revoke(template);
            throw OAuthException.invalidGrant("authorization code was already used; the tokens it issued are revoked");
        }
        Instant now = clock.instant();
        code.checkExchange(client.id(), command.redirectUri(), verifier, now);
        List<Audience> audiences = RequestedResources.select(command.resources(), code.audiences());

        Optional<RefreshToken> refreshToken = settings.issuesRefreshTokens()
                ? Optional.of(new RefreshToken(code.grantId(), generator.newSecret()))
                : Optional.empty();
        Grant grant = Grant.issue(code.grantId(), client.id(), code.subject(), code.scopes(), code.audiences(),
                refreshToken.map(RefreshToken::hash), now, settings.lifetimes().refreshToken());
        if (!grants.create(grant, grant.expiresAt(now.plus(settings.lifetimes().accessToken())))) {
            // A replay got here first and revoked the grant before it existed.
            throw OAuthException.invalidGrant("authorization code was already used");
        }
        return tokenIssuer.respond(command.issuer(), grant, grant.scopes(), audiences,
                refreshToken.map(RefreshToken::value));
    }
}
