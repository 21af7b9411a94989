package dev.mcpauth.bootstrap.interop;

import dev.mcpauth.bootstrap.support.OAuthFlow;
import dev.mcpauth.bootstrap.support.OAuthFlow.Client;
import dev.mcpauth.bootstrap.support.TestServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official MCP Java SDK client ({@code io.modelcontextprotocol.sdk:mcp}, {@code McpClient.sync} over
 * {@code HttpClientStreamableHttpTransport}) against a real server in orchestrated local mode.
 *
 * <p>The SDK (2.1.0) has no OAuth client of its own: it offers a request customizer, to add headers such as
 * {@code Authorization}, and an authorization error handler, called on a 401 or 403, that may fix things and ask
 * for a retry. So the token comes from a real authorization code flow driven by {@link OAuthFlow} (dynamic
 * registration, PKCE, the login form, the code exchange) and reaches the SDK through those two hooks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class McpJavaSdkInteropTest {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static TestServer server;
    private static OAuthFlow flow;

    @BeforeAll
    static void start() {
        server = TestServer.orchestratedLocal();
        flow = new OAuthFlow(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void sdkClientWhenBearerTokenFromTheFlowThenInitializeListsToolsAndWhoamiAnswersForTheSignedInUser() {
        Client client = flow.registerPublicClient();
        String accessToken = flow.tokens(client).accessToken();
        List<String> authorizationHeaders = new ArrayList<>();

        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(server.baseUrl())
                .endpoint("/mcp")
                .connectTimeout(REQUEST_TIMEOUT)
                .httpRequestCustomizer((request, method, uri, body, context) -> {
                    request.header("Authorization", "Bearer " + accessToken);
                    authorizationHeaders.add(method + " " + uri.getPath());
                })
                .build();
        try (McpSyncClient mcp = sdkClient(transport)) {
            McpSchema.InitializeResult initialized = mcp.initialize();
            assertNotNull(initialized.serverInfo(), "initialize returned no serverInfo");
            assertNotNull(initialized.capabilities().tools(), "the server does not announce tools");
            System.out.println("[mcp-java-sdk] initialize: " + initialized.serverInfo().name() + " protocolVersion="
                    + initialized.protocolVersion());

            List<String> tools = mcp.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertTrue(tools.contains("whoami"), "tools/list has no whoami: " + tools);
            System.out.println("[mcp-java-sdk] tools/list: " + tools);

            McpSchema.CallToolResult result = mcp.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
            assertWhoami(result, client);
        }
        assertTrue(authorizationHeaders.stream().anyMatch(request -> request.startsWith("POST /mcp")),
                "the customizer never saw a POST to /mcp: " + authorizationHeaders);
    }

    @Test
    void sdkClientWhenNoTokenThenInitializeFailsWithTheServers401() {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(server.baseUrl())
                .endpoint("/mcp")
                .connectTimeout(REQUEST_TIMEOUT)
                .build();
        try (McpSyncClient mcp = sdkClient(transport)) {
            RuntimeException thrown = assertThrows(RuntimeException.class, mcp::initialize);

            McpHttpClientTransportAuthorizationException unauthorized = causeOfType(thrown,
                    McpHttpClientTransportAuthorizationException.class);
            assertEquals(401, unauthorized.getResponseInfo().statusCode());
            String challenge = unauthorized.getResponseInfo().headers().firstValue("WWW-Authenticate").orElse("");
            assertTrue(challenge.startsWith("Bearer ") && challenge.contains("resource_metadata=\""
                            + server.baseUrl() + "/.well-known/oauth-protected-resource/mcp\""),
                    "WWW-Authenticate: " + challenge);
            System.out.println("[mcp-java-sdk] without a token: " + thrown.getClass().getSimpleName()
                    + " caused by " + unauthorized.getClass().getSimpleName() + " (401, WWW-Authenticate: "
                    + challenge + ")");
        }
    }

    @Test
    void sdkClientWhenAuthorizationErrorHandlerRunsTheFlowOnThe401ThenTheRetrySucceeds() {
        Client client = flow.registerPublicClient();
        AtomicReference<String> accessToken = new AtomicReference<>();
        List<String> challenges = new ArrayList<>();

        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(server.baseUrl())
                .endpoint("/mcp")
                .connectTimeout(REQUEST_TIMEOUT)
                .httpRequestCustomizer((request, method, uri, body, context) -> {
                    String token = accessToken.get();
                    if (token != null) {
                        request.header("Authorization", "Bearer " + token);
                    }
                })
                // What an OAuth-aware host application would plug in: on the 401, authorize, then let the SDK retry.
                .authorizationErrorHandler(McpHttpClientTransportAuthorizationErrorHandler.fromSync(
                        (request, response, context) -> {
                            challenges.add(response.statusCode() + " " + response.headers()
                                    .firstValue("WWW-Authenticate").orElse("(no WWW-Authenticate)"));
                            if (response.statusCode() != 401 || accessToken.get() != null) {
                                return false;
                            }
                            accessToken.set(flow.tokens(client).accessToken());
                            return true;
                        }))
                .build();
        try (McpSyncClient mcp = sdkClient(transport)) {
            mcp.initialize();
            assertWhoami(mcp.callTool(new McpSchema.CallToolRequest("whoami", Map.of())), client);
        }
        assertEquals(1, challenges.size(), "expected exactly one 401 before the retry: " + challenges);
        assertTrue(challenges.get(0).startsWith("401 Bearer "), challenges::toString);
        System.out.println("[mcp-java-sdk] authorization error handler: " + challenges.get(0)
                + " -> authorization code flow -> retried with the new token");
    }

    private static McpSyncClient sdkClient(HttpClientStreamableHttpTransport transport) {
        return McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("mcpauth-interop-java-sdk", "0.0.0"))
                .requestTimeout(REQUEST_TIMEOUT)
                .initializationTimeout(REQUEST_TIMEOUT)
                .build();
    }

    private static void assertWhoami(McpSchema.CallToolResult result, Client client) {
        assertFalse(Boolean.TRUE.equals(result.isError()), () -> "whoami returned an error: " + result.content());
        Map<?, ?> identity = assertInstanceOf(Map.class, result.structuredContent(),
                () -> "whoami returned no structured content: " + result);
        assertEquals(TestServer.USERNAME, identity.get("subject"), identity::toString);
        assertEquals(Boolean.FALSE, identity.get("anonymous"), identity::toString);
        assertEquals(client.clientId(), identity.get("client_id"), identity::toString);
        assertTrue(identity.get("scopes") instanceof List<?> scopes && scopes.contains("mcp"), identity::toString);
        assertTrue(identity.get("audience") instanceof List<?> audience && audience.contains(server.mcpUrl()),
                identity::toString);
        System.out.println("[mcp-java-sdk] tools/call whoami: " + identity);
    }

    private static <T extends Throwable> T causeOfType(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("expected a " + type.getSimpleName() + " in the cause chain of " + thrown, thrown);
    }
}
