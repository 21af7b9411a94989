package dev.mcpauth.application.port.out;

import dev.mcpauth.domain.session.Session;
import dev.mcpauth.domain.session.SessionId;

import java.util.Optional;

/** Auth sessions behind MCP connections; each is forgotten at its expiry. */
public interface SessionStore {
    void save(Session session);

    Optional<Session> find(SessionId id);
}
