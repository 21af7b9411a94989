package dev.mcpauth.domain.session;

/** The identifier of an auth session, handed to MCP clients as {@code Mcp-Session-Id}: visible ASCII only. */
public record SessionId(String value) {
    public SessionId {
        if (value == null || value.isEmpty() || value.length() > 1024) {
            throw new IllegalArgumentException("a session id is 1 to 1024 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("a session id is visible ASCII (MCP Streamable HTTP)");
            }
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
