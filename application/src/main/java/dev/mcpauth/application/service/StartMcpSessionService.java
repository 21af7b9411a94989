package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.StartMcpSessionUseCase;
import dev.mcpauth.application.port.out.SessionStore;
import dev.mcpauth.application.port.out.TokenGenerator;
import dev.mcpauth.domain.session.Session;
import dev.mcpauth.domain.session.SessionId;

import java.time.Clock;

/** Starts an MCP session with an unguessable id, bound to its principal. */
public final class StartMcpSessionService implements StartMcpSessionUseCase {
    private final SessionStore sessions;
    private final TokenGenerator generator;
    private final Clock clock;

    public StartMcpSessionService(SessionStore sessions, TokenGenerator generator, Clock clock) {
        this.sessions = sessions;
        this.generator = generator;
        this.clock = clock;
    }

    @Override
    public Session start(NewSession command) {
        Session session = Session.start(new SessionId(generator.newSecret()), command.principal(), command.scopes(),
                clock.instant(), command.expiresAt());
        sessions.save(session);
        return session;
    }
}
