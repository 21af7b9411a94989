package dev.mcpauth.adapters.storage.contract;

import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.session.Principal;
import dev.mcpauth.domain.session.Session;
import dev.mcpauth.domain.session.SessionId;

import java.time.Instant;

/** Sessions for store tests. */
public final class TestSessions {
    private TestSessions() {
    }

    /** An active session of alice through client-1, from {@code createdAt} to {@code expiresAt}. */
    public static Session session(String id, Instant createdAt, Instant expiresAt) {
        return Session.start(new SessionId(id), new Principal.Authenticated("alice", "client-1"),
                Scopes.of("read"), createdAt, expiresAt);
    }
}
