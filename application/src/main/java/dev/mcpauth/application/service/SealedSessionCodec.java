package dev.mcpauth.application.service;

import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.session.Principal;
import dev.mcpauth.domain.session.Session;
import dev.mcpauth.domain.session.SessionId;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * A stateless MCP session as the bytes sealed into its {@code Mcp-Session-Id}, kept small because the id is: a
 * version byte, the start and the expiry as epoch milliseconds (8 bytes each), then the scopes, space-delimited.
 * The principal is not among them: it is bound into the seal's associated data instead ({@link #purpose}), so the
 * id opens only for the principal it was issued to, and a long client id (a Client ID Metadata Document URL) or
 * subject costs the id nothing.
 */
final class SealedSessionCodec {
    static final String PURPOSE = "mcp-session";

    private static final byte VERSION = 1;
    private static final int HEADER_BYTES = 1 + Long.BYTES + Long.BYTES;

    private SealedSessionCodec() {
    }

    /**
     * The seal's purpose: {@value #PURPOSE} and the principal, each part length-prefixed so that no two principals
     * share a purpose.
     */
    static String purpose(Principal principal) {
        StringBuilder purpose = new StringBuilder(PURPOSE);
        if (principal instanceof Principal.Authenticated authenticated) {
            purpose.append(";authenticated;");
            lengthPrefixed(purpose, authenticated.subject()).append(';');
            lengthPrefixed(purpose, authenticated.clientId());
        } else {
            purpose.append(";anonymous;");
            lengthPrefixed(purpose, principal.subject());
        }
        return purpose.toString();
    }

    static byte[] encode(Instant createdAt, Instant expiresAt, Scopes scopes) {
        byte[] scope = scopes.asString().getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(HEADER_BYTES + scope.length)
                .put(VERSION)
                .putLong(createdAt.toEpochMilli())
                .putLong(expiresAt.toEpochMilli())
                .put(scope)
                .array();
    }

    /** The session, as sealed for {@code principal}; empty when the bytes are not what {@link #encode} wrote. */
    static Optional<Session> decode(byte[] sealed, SessionId id, Principal principal) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(sealed);
            if (sealed.length < HEADER_BYTES || buffer.get() != VERSION) {
                return Optional.empty();
            }
            Instant createdAt = Instant.ofEpochMilli(buffer.getLong());
            Instant expiresAt = Instant.ofEpochMilli(buffer.getLong());
            byte[] scope = new byte[buffer.remaining()];
            buffer.get(scope);
            for (byte b : scope) {
                if (b < 0) {
                    return Optional.empty(); // not ASCII; Scopes checks the rest
                }
            }
            Scopes scopes = Scopes.parse(new String(scope, StandardCharsets.US_ASCII));
            return Optional.of(new Session(id, principal, scopes, createdAt, expiresAt, false));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    private static StringBuilder lengthPrefixed(StringBuilder purpose, String part) {
        return purpose.append(part.length()).append(':').append(part);
    }
}
