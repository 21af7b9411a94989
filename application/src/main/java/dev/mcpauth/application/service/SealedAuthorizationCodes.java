package dev.mcpauth.application.service;

import dev.mcpauth.application.port.out.SecretSealer;
import dev.mcpauth.application.port.out.UsedTokens;
import dev.mcpauth.application.settings.AuthorizationServerSettings;
import dev.mcpauth.domain.mode.SessionMode;
import dev.mcpauth.domain.token.AuthorizationCode;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Stateless codes: the value is the whole code, sealed (authenticated encryption), so nothing is stored when it is
 * issued. Single use still needs one write: the code's first redemption is recorded in {@link UsedTokens} under
 * {@link AuthorizationCode#hash()}, the hash of a random secret sealed inside the code, until the code has expired
 * and the replay memory has passed.
 */
final class SealedAuthorizationCodes implements AuthorizationCodes {
    static final String PURPOSE = "authorization-code";

    private final SecretSealer sealer;
    private final UsedTokens usedTokens;
    private final Clock clock;

    SealedAuthorizationCodes(SecretSealer sealer, UsedTokens usedTokens, Clock clock) {
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.usedTokens = Objects.requireNonNull(usedTokens, "usedTokens");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * For the login and consent pages, which issue codes but never redeem them.
     *
     * @throws IllegalArgumentException unless {@code settings} has session-mode stateless
     */
    static SealedAuthorizationCodes forIssuing(SecretSealer sealer, Clock clock, AuthorizationServerSettings settings,
                                               String service) {
        requireStateless(settings, service);
        return new SealedAuthorizationCodes(sealer, (hash, forgetAt) -> {
            throw new IllegalStateException("codes are redeemed by the token endpoint only");
        }, clock);
    }

    /**
     * Sealed codes belong to stateless sessions: the grant a code creates is never stored, so nothing could revoke it
     * on a replay, and with stateful sessions the access token's {@code sid} would name a grant that does not exist.
     *
     * @throws IllegalArgumentException unless {@code settings} has session-mode stateless
     */
    static void requireStateless(AuthorizationServerSettings settings, String service) {
        if (settings.sessionMode() != SessionMode.STATELESS) {
            throw new IllegalArgumentException(service + " with sealed authorization codes is for session-mode"
                    + " stateless; with stateful sessions use the constructor that takes an AuthorizationCodeStore");
        }
    }

    @Override
    public String issue(AuthorizationCode code, String secret) {
        return sealer.seal(AuthorizationCodeCodec.encode(code), PURPOSE);
    }

    @Override
    public Optional<AuthorizationCode> redeem(String value) {
        Optional<AuthorizationCode> opened = sealer.open(value, PURPOSE).flatMap(AuthorizationCodeCodec::decode);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        AuthorizationCode code = opened.get();
        Instant forgetAt = code.expiresAt().plus(CodeIssuer.REPLAY_MEMORY);
        if (!clock.instant().isBefore(forgetAt)) {
            // As a stored code would be by now, forgotten: there is no use left to record.
            return Optional.empty();
        }
        // Recorded even when expired, so that single use never hangs on the clock reading the same twice.
        boolean first = usedTokens.firstUse(code.hash(), forgetAt);
        return Optional.of(first ? code : code.redeem());
    }
}
