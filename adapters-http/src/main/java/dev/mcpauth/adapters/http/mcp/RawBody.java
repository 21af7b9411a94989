package dev.mcpauth.adapters.http.mcp;

import java.util.Objects;

/**
 * A gateway response body that goes out exactly as it is, whatever its content type: an upstream body streamed as it
 * arrives, or bytes the gateway rewrote. See {@link RawBodyWriter}.
 */
interface RawBody {

    /** Bytes already complete. */
    record Bytes(byte[] bytes) implements RawBody {
        public Bytes {
            Objects.requireNonNull(bytes);
        }
    }
}
