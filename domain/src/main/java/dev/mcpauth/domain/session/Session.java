package dev.mcpauth.domain.session;

import dev.mcpauth.domain.scope.Scopes;

import java.time.Instant;
import java.util.Objects;

/**
 * The auth session behind an MCP connection: bound to the principal that created it, with its scopes and an expiry.
 * A request naming the session must come from the same principal (anti-fixation, MCP security best practices).
 */
public final class Session {
    private final SessionId id;
    private final Principal principal;
    private final Scopes scopes;
    private final Instant createdAt;
    private final Instant expiresAt;
    private final boolean ended;

    public Session(SessionId id, Principal principal, Scopes scopes, Instant createdAt, Instant expiresAt,
                   boolean ended) {
        this.id = Objects.requireNonNull(id);
        this.principal = Objects.requireNonNull(principal);
        this.scopes = Objects.requireNonNull(scopes);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.expiresAt = Objects.requireNonNull(expiresAt);
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("a session must expire after it starts");
        }
        this.ended = ended;
    }

    public static Session start(SessionId id, Principal principal, Scopes scopes, Instant now, Instant expiresAt) {
        return new Session(id, principal, scopes, now, expiresAt, false);
    }

    public boolean isActive(Instant now) {
        return !ended && now.isBefore(expiresAt);
    }

    /** Whether {@code candidate} may use this session: the same subject and, for clients, the same client. */
    public boolean belongsTo(Principal candidate) {
        return principal.equals(candidate);
    }

    public Session end() {
        return new Session(id, principal, scopes, createdAt, expiresAt, true);
    }

    public SessionId id() {
        return id;
    }

    public Principal principal() {
        return principal;
    }

    public Scopes scopes() {
        return scopes;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public boolean isEnded() {
        return ended;
    }
}
