package dev.mcpauth.domain.app;

import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;

import java.util.Objects;

/**
 * An MCP app served at its own path. Its resource identifier, and so the audience of its tokens, is the server's
 * base URL followed by the path (RFC 8707, RFC 9728 §3).
 *
 * @param scopes the scopes a token needs to call this app
 */
public record McpApp(String id, String name, String path, Scopes scopes) {
    public McpApp {
        Objects.requireNonNull(id);
        Objects.requireNonNull(name);
        Objects.requireNonNull(scopes);
        if (path == null || !path.startsWith("/") || path.endsWith("/") || path.contains("//")
                || path.contains("?") || path.contains("#")) {
            throw new IllegalArgumentException("an app path starts with / and has no trailing /, query or fragment");
        }
    }

    public Audience resource(String baseUrl) {
        return new Audience(baseUrl + path);
    }
}
