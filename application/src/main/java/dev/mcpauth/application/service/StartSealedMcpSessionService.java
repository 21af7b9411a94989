package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.StartMcpSessionUseCase;
import dev.mcpauth.application.port.out.SecretSealer;
import dev.mcpauth.domain.session.Session;
import dev.mcpauth.domain.session.SessionId;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Starts a stateless MCP session: nothing is stored; the session (start, expiry, scopes) is sealed into its own
 * {@code Mcp-Session-Id}, bound to the principal that opened it. The id is {@code <kid>.<base64url>}: visible
 * ASCII, as MCP Streamable HTTP requires, and unguessable. Times are kept to the millisecond, the expiry rounded
 * down, so a session never outlives what was asked.
 */
public final class StartSealedMcpSessionService implements StartMcpSessionUseCase {
    private final SecretSealer sealer;
    private final Clock clock;

    public StartSealedMcpSessionService(SecretSealer sealer, Clock clock) {
        this.sealer = sealer;
        this.clock = clock;
    }

    /**
     * @throws IllegalArgumentException when the session would expire before it starts
     * @throws IllegalStateException    when the sealed id exceeds what {@link SessionId} accepts (too many scopes)
     */
    @Override
    public Session start(NewSession command) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant expiresAt = command.expiresAt().truncatedTo(ChronoUnit.MILLIS);
        if (!expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("a session must expire after it starts");
        }
        String sealed = sealer.seal(SealedSessionCodec.encode(now, expiresAt, command.scopes()),
                SealedSessionCodec.purpose(command.principal()));
        SessionId id;
        try {
            id = new SessionId(sealed);
        } catch (IllegalArgumentException tooLong) {
            throw new IllegalStateException("the sealed Mcp-Session-Id is " + sealed.length() + " characters, which"
                    + " SessionId refuses (" + tooLong.getMessage() + "); the session's scopes take "
                    + command.scopes().asString().length() + " of them", tooLong);
        }
        return Session.start(id, command.principal(), command.scopes(), now, expiresAt);
    }
}
