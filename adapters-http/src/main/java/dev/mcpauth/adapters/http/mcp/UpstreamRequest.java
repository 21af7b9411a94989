package dev.mcpauth.adapters.http.mcp;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request for an upstream MCP server, as the gateway forwards it.
 *
 * @param method  {@code POST}, {@code GET} or {@code DELETE}
 * @param headers name and value, in order; framing ({@code Host}, {@code Content-Length}) is the client's to add
 * @param body    the body, empty for none
 */
record UpstreamRequest(String method, List<Map.Entry<String, String>> headers, byte[] body) {
    UpstreamRequest {
        Objects.requireNonNull(method);
        headers = List.copyOf(headers);
        Objects.requireNonNull(body);
    }
}
