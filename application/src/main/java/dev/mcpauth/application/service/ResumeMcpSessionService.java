package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.ResumeMcpSessionUseCase;
import dev.mcpauth.application.port.out.SessionStore;
import dev.mcpauth.domain.session.Session;
import dev.mcpauth.domain.session.SessionId;

import java.time.Clock;
import java.util.Optional;

/** Finds a caller's own, active MCP session; anything else is "not found". */
public final class ResumeMcpSessionService implements ResumeMcpSessionUseCase {
    private final SessionStore sessions;
    private final Clock clock;

    public ResumeMcpSessionService(SessionStore sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    @Override
    public Optional<Session> resume(SessionRequest command) {
        SessionId id;
        try {
            id = new SessionId(command.sessionId());
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        return sessions.find(id)
                .filter(session -> session.isActive(clock.instant()))
                .filter(session -> session.belongsTo(command.principal()));
    }
}
