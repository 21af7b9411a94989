package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.ExchangeAuthorizationCodeUseCase;
import dev.mcpauth.application.port.in.TokenResponse;
import dev.mcpauth.application.port.out.AuthorizationCodeStore;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.application.port.out.GrantStore;
import dev.mcpauth.application.port.out.PasswordHasher;
import dev.mcpauth.application.port.out.SecretSealer;
import dev.mcpauth.application.port.out.TokenSigner;
import dev.mcpauth.application.port.out.TokenGenerator;
import dev.mcpauth.application.port.out.UsedTokens;
import dev.mcpauth.application.settings.AuthorizationServerSettings;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.pkce.CodeVerifier;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.token.AuthorizationCode;
import dev.mcpauth.domain.token.RefreshToken;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The authorization code grant (OAuth 2.1 §4.1.3). The code is marked redeemed before anything else, atomically; a
 * second redemption is refused and, where the grant is stored, revokes the grant the first one created (OAuth 2.1
 * §4.1.2, RFC 9700 §4.5).
 */
public final class ExchangeAuthorizationCodeService implements ExchangeAuthorizationCodeUseCase {
    private final ClientAuthenticator clientAuthenticator;
    private final AuthorizationCodes codes;
    /** Empty with sealed codes (stateless sessions): then no grant is stored, and there is nothing to revoke. */
    private final Optional<GrantStore> grants;
    /** How long a replay waits for the first redemption's grant: far above a redemption's time, even on Redis. */
    private static final java.time.Duration FIRST_REDEMPTION_PATIENCE = java.time.Duration.ofSeconds(2);

    private final Optional<GrantRevoker> revoker;
    private final AccessTokenIssuer tokenIssuer;
    private final TokenGenerator generator;
    private final Clock clock;
    private final AuthorizationServerSettings settings;

    /** With stateful sessions: codes stored by hash in {@code codes}, grants in {@code grants}. */
    public ExchangeAuthorizationCodeService(ClientRegistry clients, PasswordHasher passwords,
                                            AuthorizationCodeStore codes, GrantStore grants, TokenSigner signer,
                                            TokenGenerator generator, Clock clock,
                                            AuthorizationServerSettings settings) {
        this(clients, passwords, new StoredAuthorizationCodes(codes), Optional.of(grants), signer, generator, clock,
                settings);
    }

    /**
     * With stateless sessions: codes sealed by {@code sealer}, their first use recorded in {@code usedTokens}, and
     * nothing else stored: no grant, no refresh token.
     *
     * @throws IllegalArgumentException unless {@code settings} has session-mode stateless
     */
    public ExchangeAuthorizationCodeService(ClientRegistry clients, PasswordHasher passwords, SecretSealer sealer,
                                            UsedTokens usedTokens, TokenSigner signer, TokenGenerator generator,
                                            Clock clock, AuthorizationServerSettings settings) {
        this(clients, passwords, sealed(sealer, usedTokens, clock, settings), Optional.empty(), signer, generator,
                clock, settings);
    }

    private ExchangeAuthorizationCodeService(ClientRegistry clients, PasswordHasher passwords,
                                             AuthorizationCodes codes, Optional<GrantStore> grants,
                                             TokenSigner signer, TokenGenerator generator, Clock clock,
                                             AuthorizationServerSettings settings) {
        this.clientAuthenticator = new ClientAuthenticator(clients, passwords);
        this.codes = codes;
        this.grants = grants;
        this.revoker = grants.map(store -> new GrantRevoker(store, clock, settings.lifetimes().refreshToken()));
        this.tokenIssuer = new AccessTokenIssuer(signer, generator, clock, settings);
        this.generator = generator;
        this.clock = clock;
        this.settings = settings;
    }

    private static AuthorizationCodes sealed(SecretSealer sealer, UsedTokens usedTokens, Clock clock,
                                             AuthorizationServerSettings settings) {
        SealedAuthorizationCodes.requireStateless(settings, "ExchangeAuthorizationCodeService");
        return new SealedAuthorizationCodes(sealer, usedTokens, clock);
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
        AuthorizationCode code = codes.redeem(command.code())
                .orElseThrow(() -> OAuthException.invalidGrant("authorization code is invalid or expired"));
        if (code.redeemed()) {
            throw replayed(code);
        }
        Instant now = clock.instant();
        code.checkExchange(client.id(), command.redirectUri(), verifier, now);
        List<Audience> audiences = RequestedResources.select(command.resources(), code.audiences());

        Optional<RefreshToken> refreshToken = settings.issuesRefreshTokens()
                ? Optional.of(new RefreshToken(code.grantId(), generator.newSecret()))
                : Optional.empty();
        Grant grant = Grant.issue(code.grantId(), client.id(), code.subject(), code.scopes(), code.audiences(),
                refreshToken.map(RefreshToken::hash), now, settings.lifetimes().refreshToken());
        if (grants.isPresent()
                && !grants.get().create(grant, grant.expiresAt(now.plus(settings.lifetimes().accessToken())))) {
            // A replay got here first and revoked the grant before it existed.
            throw OAuthException.invalidGrant("authorization code was already used");
        }
        return tokenIssuer.respond(command.issuer(), grant, grant.scopes(), audiences,
                refreshToken.map(RefreshToken::value));
    }

    private OAuthException replayed(AuthorizationCode code) {
        if (revoker.isEmpty()) {
            // Sealed codes: the first redemption stored no grant, and its access token carries no sid, so there is
            // nothing to revoke; that token lives out its (short) lifetime, and no refresh token was issued.
            return OAuthException.invalidGrant("authorization code was already used");
        }
        revoker.get().revokeOnceIssued(Grant.issue(code.grantId(), code.clientId(), code.subject(), code.scopes(),
                code.audiences(), Optional.empty(), code.issuedAt(), settings.lifetimes().refreshToken()),
                FIRST_REDEMPTION_PATIENCE);
        return OAuthException.invalidGrant("authorization code was already used; the tokens it issued are revoked");
    }
}
