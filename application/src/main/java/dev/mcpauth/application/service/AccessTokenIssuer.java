package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.TokenResponse;
import dev.mcpauth.application.port.out.TokenGenerator;
import dev.mcpauth.application.port.out.TokenSigner;
import dev.mcpauth.application.settings.AuthorizationServerSettings;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.mode.SessionMode;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.AccessTokenClaims;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Mints the access token of a grant and the token response that carries it. */
final class AccessTokenIssuer {
    private final TokenSigner signer;
    private final TokenGenerator generator;
    private final Clock clock;
    private final Duration lifetime;
    private final SessionMode sessionMode;

    AccessTokenIssuer(TokenSigner signer, TokenGenerator generator, Clock clock,
                      AuthorizationServerSettings settings) {
        this.signer = signer;
        this.generator = generator;
        this.clock = clock;
        this.lifetime = settings.lifetimes().accessToken();
        this.sessionMode = settings.sessionMode();
    }

    TokenResponse respond(String issuer, Grant grant, Scopes scope, List<Audience> audiences,
                                 Optional<String> refreshToken) {
        Instant now = clock.instant();
        AccessTokenClaims claims = new AccessTokenClaims(issuer, grant.subject(), audiences, now, now.plus(lifetime),
                generator.newId(), grant.clientId(), scope,
                sessionMode == SessionMode.STATEFUL ? Optional.of(grant.id()) : Optional.empty());
        return new TokenResponse(signer.sign(claims), lifetime.toSeconds(), refreshToken, scope);
    }
}
