package dev.mcpauth.adapters.http.mcp;

import dev.mcpauth.adapters.http.support.HttpSettings;
import dev.mcpauth.domain.app.McpApp;
import io.micronaut.context.ExecutionHandleLocator;
import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.DefaultRouteBuilder;
import jakarta.inject.Singleton;

/** Routes each configured app's MCP path (Streamable HTTP: POST, GET, DELETE) to the MCP endpoint. */
@Singleton
public final class McpRoutes extends DefaultRouteBuilder {
    public McpRoutes(ExecutionHandleLocator locator, HttpSettings settings, McpEndpoint endpoint) {
        super(locator);
        for (McpApp app : settings.apps()) {
            POST(app.path(), endpoint, "post", HttpRequest.class, byte[].class);
            GET(app.path(), endpoint, "get", HttpRequest.class);
            DELETE(app.path(), endpoint, "delete", HttpRequest.class);
        }
    }
}
