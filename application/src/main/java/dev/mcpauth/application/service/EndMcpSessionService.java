package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.EndMcpSessionUseCase;
import dev.mcpauth.application.port.in.ResumeMcpSessionUseCase;
import dev.mcpauth.application.port.out.SessionStore;
import dev.mcpauth.domain.session.Session;

import java.util.Optional;

/** Ends an MCP session, only for the principal it belongs to. */
public final class EndMcpSessionService implements EndMcpSessionUseCase {
    private final ResumeMcpSessionUseCase resume;
    private final SessionStore sessions;

    public EndMcpSessionService(ResumeMcpSessionUseCase resume, SessionStore sessions) {
        this.resume = resume;
        this.sessions = sessions;
    }

    @Override
    public boolean end(ResumeMcpSessionUseCase.SessionRequest command) {
        Optional<Session> session = resume.resume(command);
        session.ifPresent(s -> sessions.save(s.end()));
        return session.isPresent();
    }
}
