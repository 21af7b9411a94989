package dev.mcpauth.domain.grant;

import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.TokenHash;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a subject consented to for a client: scopes and resources (audiences). It owns the refresh-token family.
 * Immutable: every change returns the next state with {@link #version()} incremented, so stores can save it with
 * compare-and-set and two concurrent rotations can never both win.
 */
public final class Grant {
    private final GrantId id;
    private final ClientId clientId;
    private final String subject;
    private final Scopes scopes;
    private final List<Audience> audiences;
    private final Instant createdAt;
    private final Instant revokedAt;
    private final RefreshTokenFamily family;
    private final long version;

    public Grant(GrantId id, ClientId clientId, String subject, Scopes scopes, List<Audience> audiences,
                 Instant createdAt, Instant revokedAt, RefreshTokenFamily family, long version) {
        this.id = Objects.requireNonNull(id);
        this.clientId = Objects.requireNonNull(clientId);
        this.subject = Objects.requireNonNull(subject);
        this.scopes = Objects.requireNonNull(scopes);
        this.audiences = List.copyOf(audiences);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.revokedAt = revokedAt;
        this.family = family;
        this.version = version;
    }

    /** A new grant; {@code firstRefreshToken} is empty when no refresh token is issued. */
    public static Grant issue(GrantId id, ClientId clientId, String subject, Scopes scopes, List<Audience> audiences,
                              Optional<TokenHash> firstRefreshToken, Instant now, Duration refreshLifetime) {
        RefreshTokenFamily family = firstRefreshToken
                .map(hash -> RefreshTokenFamily.start(hash, now, refreshLifetime))
                .orElse(null);
        return new Grant(id, clientId, subject, scopes, audiences, now, null, family, 0);
    }

    /**
     * Uses a presented refresh token: on success the family moves to {@code successor}; reuse of a rotated token
     * revokes the grant.
     */
    public Rotation rotate(TokenHash presented, TokenHash successor, Instant now, Duration lifetime) {
        if (isRevoked()) {
            return new Rotation.Refused(this, "refresh token was revoked");
        }
        if (family == null) {
            return new Rotation.Refused(this, "this grant has no refresh token");
        }
        return switch (family.classify(presented, now)) {
            case CURRENT -> new Rotation.Rotated(withFamily(family.rotateTo(successor, now, lifetime)));
            case EXPIRED -> new Rotation.Refused(this, "refresh token expired");
            case ROTATED -> new Rotation.ReuseDetected(revoke(now));
            case UNKNOWN -> new Rotation.Refused(this, "refresh token is invalid");
        };
    }

    /** The grant, revoked: its refresh tokens and (with stateful sessions) its access tokens stop working. */
    public Grant revoke(Instant now) {
        if (isRevoked()) {
            return this;
        }
        return new Grant(id, clientId, subject, scopes, audiences, createdAt, now, family, version + 1);
    }

    private Grant withFamily(RefreshTokenFamily next) {
        return new Grant(id, clientId, subject, scopes, audiences, createdAt, revokedAt, next, version + 1);
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    /** Whether access tokens of this grant are still honoured. */
    public boolean isActive() {
        return !isRevoked();
    }

    /** When the store may forget the grant: the current refresh token's expiry, or {@code fallback}. */
    public Instant expiresAt(Instant fallback) {
        return family == null ? fallback : family.currentExpiresAt();
    }

    public GrantId id() {
        return id;
    }

    public ClientId clientId() {
        return clientId;
    }

    public String subject() {
        return subject;
    }

    public Scopes scopes() {
        return scopes;
    }

    public List<Audience> audiences() {
        return audiences;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<Instant> revokedAt() {
        return Optional.ofNullable(revokedAt);
    }

    public Optional<RefreshTokenFamily> family() {
        return Optional.ofNullable(family);
    }

    public long version() {
        return version;
    }

    /** The outcome of presenting a refresh token. */
    public sealed interface Rotation {
        Grant grant();

        record Rotated(Grant grant) implements Rotation {
        }

        record ReuseDetected(Grant grant) implements Rotation {
        }

        record Refused(Grant grant, String reason) implements Rotation {
        }
    }
}
