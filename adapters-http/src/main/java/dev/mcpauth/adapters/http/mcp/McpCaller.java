package dev.mcpauth.adapters.http.mcp;

import dev.mcpauth.domain.app.McpApp;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.session.Principal;

import java.util.List;

/** Who is calling an MCP app, as established by the app's auth mode. */
record McpCaller(McpApp app, Principal principal, String clientId, Scopes scopes, List<String> audiences) {
}
