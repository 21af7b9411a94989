package dev.mcpauth.bootstrap.support;

import dev.mcpauth.bootstrap.McpAuthApplication;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real mcpauth server on a free port, configured like a user's YAML would (flat property keys), for tests that
 * talk to it through real sockets.
 */
public final class TestServer implements AutoCloseable {
    public static final String USERNAME = "alice";
    public static final String PASSWORD = "correct horse battery staple";

    private final ApplicationContext context;
    private final String baseUrl;

    private TestServer(ApplicationContext context) {
        this.context = context;
        EmbeddedServer server = context.getBean(EmbeddedServer.class);
        this.baseUrl = "http://127.0.0.1:" + server.getPort();
    }

    /** Orchestrated local mode with one user ({@link #USERNAME}/{@link #PASSWORD}), plus {@code overrides}. */
    public static TestServer orchestratedLocal(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.put("mcpauth.server.name", "mcpauth test");
        properties.put("mcpauth.auth.mode", "orchestrated");
        properties.put("mcpauth.auth.type", "local");
        properties.put("mcpauth.auth.users", List.of(Map.of("username", USERNAME, "password", PASSWORD,
                "email", "alice@example.com", "name", "Alice")));
        properties.putAll(overrides);
        return new TestServer(McpAuthApplication.start(properties));
    }

    public static TestServer orchestratedLocal() {
        return orchestratedLocal(Map.of());
    }

    /** Transparent mode: bearer tokens of the IdP whose issuer is {@code provider}, plus {@code overrides}. */
    public static TestServer transparent(String provider, Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.put("mcpauth.server.name", "mcpauth test");
        properties.put("mcpauth.auth.mode", "transparent");
        properties.put("mcpauth.auth.provider", provider);
        properties.putAll(overrides);
        return new TestServer(McpAuthApplication.start(properties));
    }

    /**
     * Public mode: no sign-in, every MCP session belongs to a new anonymous principal; with no apps configured, the
     * built-in demo app answers at {@code /mcp}. Plus {@code overrides}.
     */
    public static TestServer publicMode(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.put("mcpauth.server.name", "mcpauth test");
        properties.put("mcpauth.auth.mode", "public");
        properties.putAll(overrides);
        return new TestServer(McpAuthApplication.start(properties));
    }

    /** A TCP port free at the time of asking, for a server whose URL must be known before it starts. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, the issuer as clients reach it. */
    public String baseUrl() {
        return baseUrl;
    }

    public String mcpUrl() {
        return baseUrl + "/mcp";
    }

    public ApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
