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
    /**
     * Redeemed and expired codes are remembered this much longer, so that late replays are still recognised (and,
     * where the grant is stored, revoke it).
     */
    static final Duration REPLAY_MEMORY = Duration.ofMinutes(10);

    private final AuthorizationCodes codes;
    private final TokenGenerator generator;
    private final Clock clock;
    private final Duration lifetime;

    CodeIssuer(AuthorizationCodeStore codes, TokenGenerator generator, Clock clock, Duration lifetime) {
        this(new StoredAuthorizationCodes(codes), generator, clock, lifetime);
    }

    CodeIssuer(AuthorizationCodes codes, TokenGenerator generator, Clock clock, Duration lifetime) {
        this.codes = codes;
        this.generator = generator;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    AuthorizationResponse issue(PendingAuthorization pending, String issuer) {
        Instant now = clock.instant();
        String secret = generator.newSecret();
        AuthorizationCode code = new AuthorizationCode(TokenHash.of(secret), pending.clientId(),
                pending.redirectUri(), pending.redirectUriInRequest(), pending.challenge(), pending.scopes(),
                pending.audiences(), pending.subject().orElseThrow(), new GrantId(generator.newId()), now,
                now.plus(lifetime), false);
        String value = codes.issue(code, secret);
        return AuthorizationResponse.code(pending.redirectUri(), value, pending.state(), issuer);
    }
}
