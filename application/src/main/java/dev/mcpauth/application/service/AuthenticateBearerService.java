package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.AuthenticateBearerUseCase;
import dev.mcpauth.application.port.out.AccessTokenVerifier;
import dev.mcpauth.application.port.out.GrantStore;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.token.AccessTokenClaims;

import java.time.Clock;
import java.time.Instant;

/**
 * Bearer token authentication for mcpauth's own tokens (RFC 6750, RFC 9068 §4): signature, issuer, expiry,
 * audience, and with stateful sessions the grant behind {@code sid}, so that revocation takes effect at once.
 */
public final class AuthenticateBearerService implements AuthenticateBearerUseCase {
    private final AccessTokenVerifier verifier;
    private final GrantStore grants;
    private final Clock clock;

    public AuthenticateBearerService(AccessTokenVerifier verifier, GrantStore grants, Clock clock) {
        this.verifier = verifier;
        this.grants = grants;
        this.clock = clock;
    }

    @Override
    public AccessTokenClaims authenticate(BearerToken command) {
        if (command.token() == null || command.token().isEmpty()) {
            throw invalid("an access token is required", "no bearer token");
        }
        AccessTokenClaims claims = verifier.verify(command.token())
                .orElseThrow(() -> invalid("the access token is invalid", "signature or format check failed"));
        Instant now = clock.instant();
        if (!claims.issuer().equals(command.issuer())) {
            throw invalid("the access token is invalid", "issuer " + claims.issuer() + " is not " + command.issuer());
        }
        if (claims.isExpired(now)) {
            throw invalid("the access token expired", "expired at " + claims.expiresAt());
        }
        if (command.audience().isPresent() && !claims.isFor(command.audience().get())) {
            throw invalid("the access token is not for this resource",
                    "audience " + claims.audiences() + " lacks " + command.audience().get());
        }
        if (claims.sessionId().isPresent()) {
            boolean active = grants.find(claims.sessionId().get()).map(Grant::isActive).orElse(false);
            if (!active) {
                throw invalid("the access token was revoked", "grant " + claims.sessionId().get() + " inactive");
            }
        }
        return claims;
    }

    private static OAuthException invalid(String description, String detail) {
        return new OAuthException(OAuthError.INVALID_TOKEN, description, detail);
    }
}
