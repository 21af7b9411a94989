package dev.mcpauth.application.port.in;

import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.session.Principal;
import dev.mcpauth.domain.session.Session;

import java.time.Instant;

/** Starts the session behind a new MCP connection, bound to the principal that opened it. */
public interface StartMcpSessionUseCase {
    Session start(NewSession command);

    record NewSession(Principal principal, Scopes scopes, Instant expiresAt) {
    }
}
