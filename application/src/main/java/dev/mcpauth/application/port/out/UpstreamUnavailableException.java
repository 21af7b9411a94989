package dev.mcpauth.application.port.out;

/** An upstream (identity provider or MCP server) could not be reached in time; answered with 502/503/504. */
public class UpstreamUnavailableException extends RuntimeException {
    public UpstreamUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
