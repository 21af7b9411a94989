package dev.mcpauth.application.port.out;

import dev.mcpauth.domain.token.AuthorizationCode;
import dev.mcpauth.domain.token.TokenHash;

import java.time.Instant;
import java.util.Optional;

/** Authorization codes by hash. Redemption must be atomic: of concurrent redemptions, exactly one sees it unused. */
public interface AuthorizationCodeStore {
    /** Stores a new code, to be forgotten at {@code forgetAt} (after its expiry, so that replays are recognised). */
    void save(AuthorizationCode code, Instant forgetAt);

    /**
     * Marks the code redeemed and returns it as it was before: {@code redeemed() == false} for the one caller that
     * redeemed it, {@code true} for every replay. Empty when no such code is stored.
     */
    Optional<AuthorizationCode> redeem(TokenHash hash);
}
