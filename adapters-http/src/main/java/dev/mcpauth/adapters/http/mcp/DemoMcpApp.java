package dev.mcpauth.adapters.http.mcp;

import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in demo MCP app, for apps without an upstream: {@code ping}, {@code tools/list} and the tool
 * {@code whoami}, which answers with the caller's principal, client and scopes. Enough for a new user to try every
 * mode with a real MCP client and nothing else.
 */
@Singleton
final class DemoMcpApp {
    static final String WHOAMI = "whoami";

    /** The result of a request, or a JSON-RPC error. */
    JsonRpc.Outcome handle(String method, Map<String, Object> params, McpCaller caller) {
        return switch (method) {
            case "ping" -> JsonRpc.Outcome.result(Map.of());
            case "tools/list" -> JsonRpc.Outcome.result(Map.of("tools", List.of(whoamiTool())));
            case "tools/call" -> call(params, caller);
            default -> JsonRpc.Outcome.error(JsonRpc.METHOD_NOT_FOUND, "method not found: " + method);
        };
    }

    private static JsonRpc.Outcome call(Map<String, Object> params, McpCaller caller) {
        Object name = params.get("name");
        if (!WHOAMI.equals(name)) {
            return JsonRpc.Outcome.error(JsonRpc.INVALID_PARAMS, "unknown tool: " + name);
        }
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("subject", caller.principal().subject());
        identity.put("anonymous", caller.principal().isAnonymous());
        identity.put("client_id", caller.clientId());
        identity.put("scopes", List.copyOf(caller.scopes().values()));
        identity.put("audience", caller.audiences());
        identity.put("app", caller.app().id());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("content", List.of(Map.of("type", "text", "text",
                "subject=" + caller.principal().subject() + " client_id=" + caller.clientId() + " scopes="
                        + caller.scopes().asString())));
        result.put("structuredContent", identity);
        result.put("isError", false);
        return JsonRpc.Outcome.result(result);
    }

    private static Map<String, Object> whoamiTool() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("subject", Map.of("type", "string"));
        properties.put("anonymous", Map.of("type", "boolean"));
        properties.put("client_id", Map.of("type", "string"));
        properties.put("scopes", Map.of("type", "array", "items", Map.of("type", "string")));
        properties.put("audience", Map.of("type", "array", "items", Map.of("type", "string")));
        properties.put("app", Map.of("type", "string"));
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("name", WHOAMI);
        tool.put("title", "Who am I?");
        tool.put("description", "Returns the authenticated principal, the OAuth client and the granted scopes.");
        tool.put("inputSchema", Map.of("type", "object", "properties", Map.of(), "additionalProperties", false));
        tool.put("outputSchema", Map.of("type", "object", "properties", properties));
        return tool;
    }
}
