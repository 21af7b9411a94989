package dev.mcpauth.application.fakes;

import dev.mcpauth.application.port.out.SessionStore;
import dev.mcpauth.domain.session.Session;
import dev.mcpauth.domain.session.SessionId;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

public final class InMemorySessionStore implements SessionStore {
    private final Map<SessionId, Session> sessions = new HashMap<>();

    @Override
    public synchronized void save(Session session) {
        sessions.put(session.id(), session);
    }

    @Override
    public synchronized Optional<Session> find(SessionId id) {
        return Optional.ofNullable(sessions.get(id));
    }
}
