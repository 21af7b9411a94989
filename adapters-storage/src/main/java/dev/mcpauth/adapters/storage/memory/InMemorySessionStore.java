package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.application.port.out.SessionStore;
import dev.mcpauth.domain.session.Session;
import dev.mcpauth.domain.session.SessionId;

import java.time.Clock;
import java.util.Optional;

/** MCP auth sessions in this JVM's memory, each forgotten at its expiry. */
public final class InMemorySessionStore implements SessionStore {
    private final ExpiringMap<SessionId, Session> sessions;

    public InMemorySessionStore(Clock clock) {
        this.sessions = new ExpiringMap<>(clock);
    }

    @Override
    public void save(Session session) {
        sessions.put(session.id(), session, session.expiresAt());
    }

    @Override
    public Optional<Session> find(SessionId id) {
        return sessions.get(id);
    }
}
