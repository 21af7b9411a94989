package dev.mcpauth.adapters.http.mcp;

import dev.mcpauth.adapters.http.support.HttpSettings;
import dev.mcpauth.domain.app.McpApp;
import io.micronaut.context.ExecutionHandleLocator;
import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.DefaultRouteBuilder;
import jakarta.inject.Singleton;

/**
 * Routes each configured app's MCP path (Streamable HTTP: POST, GET, DELETE) to the gateway when the app has an
 * upstream, and to the demo app's endpoint otherwise.
 */
@Singleton
public final class McpRoutes extends DefaultRouteBuilder {
    public McpRoutes(ExecutionHandleLocator locator, HttpSettings settings, GatewaySettings gateway,
                     McpEndpoint endpoint, McpGateway forwarder) {
        super(locator);
        for (McpApp app : settings.apps()) {
            Object target = gateway.upstream(app.id()).isPresent() ? forwarder : endpoint;
            POST(app.path(), target, "post", HttpRequest.class, byte[].class);
            GET(app.path(), target, "get", HttpRequest.class);
            DELETE(app.path(), target, "delete", HttpRequest.class);
        }
    }

    /** The app a routed request is for. */
    static McpApp appOf(HttpSettings settings, HttpRequest<?> request) {
        String path = request.getPath();
        // The router also matches the path with a trailing slash to the app's route.
        String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return settings.appAt(normalized).orElseThrow(() -> new IllegalStateException("no app at " + path));
    }
}
