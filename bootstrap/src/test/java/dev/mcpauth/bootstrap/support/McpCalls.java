package dev.mcpauth.bootstrap.support;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** JSON-RPC requests to the MCP endpoint over Streamable HTTP, with or without a bearer token and session id. */
public final class McpCalls {
    public static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"protocol-test\",\"version\":\"1\"}}}";

    private final Http http;
    private final String path;

    public McpCalls(Http http, String path) {
        this.http = http;
        this.path = path;
    }

    public McpCalls(Http http) {
        this(http, "/mcp");
    }

    /** {@code initialize}; the token may be null (no Authorization header). */
    public HttpResponse<String> initialize(String accessToken) {
        return post(accessToken, null, INITIALIZE);
    }

    /** A request {@code method} with {@code paramsJson} (or none) in session {@code sessionId} (or none). */
    public HttpResponse<String> request(String accessToken, String sessionId, String method, String paramsJson) {
        return post(accessToken, sessionId, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":" + Form.quote(method)
                + (paramsJson == null ? "" : ",\"params\":" + paramsJson) + "}");
    }

    public HttpResponse<String> post(String accessToken, String sessionId, String body) {
        return http.post(path, Http.JSON, body, headers(accessToken, sessionId));
    }

    public HttpResponse<String> delete(String accessToken, String sessionId) {
        return http.send(Http.withHeaders(http.request(path).DELETE(), headers(accessToken, sessionId)));
    }

    public HttpResponse<String> get(String accessToken) {
        return http.send(Http.withHeaders(http.request(path).GET(), headers(accessToken, null)));
    }

    private static String[] headers(String accessToken, String sessionId) {
        List<String> headers = new ArrayList<>(List.of("Accept", "application/json, text/event-stream"));
        if (accessToken != null) {
            headers.add("Authorization");
            headers.add(Http.bearer(accessToken));
        }
        if (sessionId != null) {
            headers.add("Mcp-Session-Id");
            headers.add(sessionId);
        }
        return headers.toArray(String[]::new);
    }
}
