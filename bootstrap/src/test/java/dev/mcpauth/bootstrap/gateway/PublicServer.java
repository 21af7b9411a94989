package dev.mcpauth.bootstrap.gateway;

import dev.mcpauth.bootstrap.McpAuthApplication;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A real mcpauth server in public mode with one app, {@code /mcp}, forwarding to {@code upstreamUrl}. */
final class PublicServer implements AutoCloseable {
    private final ApplicationContext context;
    private final String baseUrl;

    private PublicServer(ApplicationContext context) {
        this.context = context;
        this.baseUrl = "http://127.0.0.1:" + context.getBean(EmbeddedServer.class).getPort();
    }

    /** @param overrides further properties, such as {@code mcpauth.auth.public-access.rate-limit} */
    static PublicServer start(String upstreamUrl, Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.put("mcpauth.server.name", "mcpauth public test");
        properties.put("mcpauth.auth.mode", "public");
        properties.put("mcpauth.apps", List.of(Map.of("id", "main", "path", "/mcp", "upstream", upstreamUrl,
                "timeouts", Map.of("connect", "2s", "read", "10s"))));
        properties.putAll(overrides);
        return new PublicServer(McpAuthApplication.start(properties));
    }

    String baseUrl() {
        return baseUrl;
    }

    String mcpUrl() {
        return baseUrl + "/mcp";
    }

    @Override
    public void close() {
        context.close();
    }
}
