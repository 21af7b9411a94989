package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.EndMcpSessionUseCase;
import dev.mcpauth.application.port.in.ResumeMcpSessionUseCase;

/**
 * Ends a stateless MCP session at its owner's request, as far as that is possible: nothing is stored, so there is
 * nothing to mark ended, and the id goes on opening for its owner until it expires. It answers as the stateful
 * service does (true for the caller's own live session, false otherwise), so that the client's {@code DELETE}
 * behaves alike; the client drops the id, and the id simply expires. Where sessions must end at once, use stateful
 * sessions.
 */
public final class EndSealedMcpSessionService implements EndMcpSessionUseCase {
    private final ResumeMcpSessionUseCase resume;

    public EndSealedMcpSessionService(ResumeMcpSessionUseCase resume) {
        this.resume = resume;
    }

    @Override
    public boolean end(ResumeMcpSessionUseCase.SessionRequest command) {
        return resume.resume(command).isPresent();
    }
}
