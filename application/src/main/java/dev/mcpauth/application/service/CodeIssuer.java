package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.AuthorizationResponse;
import dev.mcpauth.application.port.out.AuthorizationCodeStore;
import dev.mcpauth.application.port.out.TokenGenerator;
import dev.mcpauth.domain.authorization.PendingAuthorization;
import dev.mcpauth.domain.grant.GrantId;
import dev.mcpauth.domain.token.AuthorizationCode;
import dev.mcpauth.domain.token.TokenHash;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Issues the authorization code that completes a pending authorization, and the redirect that carries it. */
final class CodeIssuer {
    /** Redeemed and expired codes are remembered this much longer, so that late replays still revoke. */
    static final Duration REPLAY_MEMORY = Duration.ofMinutes(10);

    private final AuthorizationCodeStore codes;
    private final TokenGenerator generator;
    private final Clock clock;
    private final Duration lifetime;

    CodeIssuer(AuthorizationCodeStore codes, TokenGenerator generator, Clock clock, Duration lifetime) {
        this.codes = codes;
        this.generator = generator;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    AuthorizationResponse issue(PendingAuthorization pending, String issuer) {
        Instant now = clock.instant();
        String value = generator.newSecret();
        AuthorizationCode code = new AuthorizationCode(TokenHash.of(value), pending.clientId(),
                pending.redirectUri(), pending.redirectUriInRequest(), pending.challenge(), pending.scopes(),
                pending.audiences(), pending.subject().orElseThrow(), new GrantId(generator.newId()), now,
                now.plus(lifetime), false);
        codes.save(code, code.expiresAt().plus(REPLAY_MEMORY));
        return AuthorizationResponse.code(pending.redirectUri(), value, pending.state(), issuer);
    }
}
