package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.ResumeMcpSessionUseCase;
import dev.mcpauth.application.port.out.SecretSealer;
import dev.mcpauth.domain.session.Session;
import dev.mcpauth.domain.session.SessionId;

import java.time.Clock;
import java.util.Optional;

/**
 * Opens a stateless MCP session from its sealed id. The seal is bound to the principal, so an id presented by
 * another principal does not open, just like a tampered, malformed or expired one: all are "not found".
 */
public final class ResumeSealedMcpSessionService implements ResumeMcpSessionUseCase {
    private final SecretSealer sealer;
    private final Clock clock;

    public ResumeSealedMcpSessionService(SecretSealer sealer, Clock clock) {
        this.sealer = sealer;
        this.clock = clock;
    }

    @Override
    public Optional<Session> resume(SessionRequest command) {
        if (command.principal() == null) {
            return Optional.empty();
        }
        SessionId id;
        try {
            id = new SessionId(command.sessionId());
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        return sealer.open(id.value(), SealedSessionCodec.purpose(command.principal()))
                .flatMap(sealed -> SealedSessionCodec.decode(sealed, id, command.principal()))
                .filter(session -> session.isActive(clock.instant()))
                .filter(session -> session.belongsTo(command.principal()));
    }
}
