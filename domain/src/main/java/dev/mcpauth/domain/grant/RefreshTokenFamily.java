package dev.mcpauth.domain.grant;

import dev.mcpauth.domain.token.TokenHash;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The chain of refresh tokens issued for one grant. Only the newest is valid; every use rotates it, and presenting
 * an already rotated token is reuse, which revokes the whole family (OAuth 2.1 §4.3.1, RFC 9700 §4.14.2).
 * Only hashes are kept. The most recent {@value #REMEMBERED_ROTATIONS} rotated hashes are remembered to recognise
 * reuse; an older one is merely unknown, so a guessed token can never revoke someone else's family.
 */
public final class RefreshTokenFamily {
    static final int REMEMBERED_ROTATIONS = 64;

    private final TokenHash current;
    private final Instant currentExpiresAt;
    private final List<TokenHash> rotated;

    public RefreshTokenFamily(TokenHash current, Instant currentExpiresAt, List<TokenHash> rotated) {
        this.current = Objects.requireNonNull(current);
        this.currentExpiresAt = Objects.requireNonNull(currentExpiresAt);
        this.rotated = List.copyOf(rotated);
    }

    public static RefreshTokenFamily start(TokenHash first, Instant now, Duration lifetime) {
        return new RefreshTokenFamily(first, now.plus(lifetime), List.of());
    }

    public TokenHash current() {
        return current;
    }

    public Instant currentExpiresAt() {
        return currentExpiresAt;
    }

    public List<TokenHash> rotated() {
        return rotated;
    }

    /** What a presented token is to this family. */
    public Presented classify(TokenHash presented, Instant now) {
        if (current.matches(presented)) {
            return now.isBefore(currentExpiresAt) ? Presented.CURRENT : Presented.EXPIRED;
        }
        for (TokenHash old : rotated) {
            if (old.matches(presented)) {
                return Presented.ROTATED;
            }
        }
        return Presented.UNKNOWN;
    }

    /** The family after {@code successor} replaced the current token. */
    RefreshTokenFamily rotateTo(TokenHash successor, Instant now, Duration lifetime) {
        List<TokenHash> history = new ArrayList<>(rotated.size() + 1);
        history.add(current);
        history.addAll(rotated.subList(0, Math.min(rotated.size(), REMEMBERED_ROTATIONS - 1)));
        return new RefreshTokenFamily(successor, now.plus(lifetime), history);
    }

    public enum Presented { CURRENT, EXPIRED, ROTATED, UNKNOWN }
}
