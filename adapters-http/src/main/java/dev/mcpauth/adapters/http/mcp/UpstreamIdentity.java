package dev.mcpauth.adapters.http.mcp;

/**
 * How the gateway tells an upstream who calls: the plain {@code X-MCPAuth-*} headers, which an upstream can read
 * without any JOSE library but must trust its network for; the signed assertion ({@code X-MCPAuth-Assertion}), which
 * it can verify with mcpauth's published keys; or both.
 *
 * <p>Each header costs an upstream something on every request: the MCP TypeScript SDK's server copies every header
 * into a web-standard {@code Headers} object, and the four plain ones cost it 25–50 µs of its ~300 µs per call on the
 * benchmark machine, so an upstream that verifies the assertion gains by not receiving them.
 */
public enum UpstreamIdentity {
    HEADERS_AND_ASSERTION,
    HEADERS,
    ASSERTION;

    public boolean sendsHeaders() {
        return this != ASSERTION;
    }

    public boolean sendsAssertion() {
        return this != HEADERS;
    }
}
