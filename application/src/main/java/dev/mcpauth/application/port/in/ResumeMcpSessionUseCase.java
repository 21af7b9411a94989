package dev.mcpauth.application.port.in;

import dev.mcpauth.domain.session.Principal;
import dev.mcpauth.domain.session.Session;

import java.util.Optional;

/**
 * Finds the session an MCP request names. Unknown, expired, ended, or another principal's: empty, all alike, so that
 * a guessed or stolen session id reveals nothing.
 */
public interface ResumeMcpSessionUseCase {
    Optional<Session> resume(SessionRequest command);

    record SessionRequest(String sessionId, Principal principal) {
    }
}
