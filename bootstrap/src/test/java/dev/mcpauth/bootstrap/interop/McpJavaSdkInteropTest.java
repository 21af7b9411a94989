package dev.mcpauth.bootstrap.interop;

import dev.mcpauth.bootstrap.gateway.UpstreamMcpServer;
import dev.mcpauth.bootstrap.support.Http;
import dev.mcpauth.bootstrap.support.OAuthFlow;
import dev.mcpauth.bootstrap.support.OAuthFlow.Client;
import dev.mcpauth.bootstrap.support.OAuthFlow.Tokens;
import dev.mcpauth.bootstrap.support.TestJson;
import dev.mcpauth.bootstrap.support.TestServer;
import dev.mcpauth.bootstrap.support.TransparentGateway;
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

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official MCP Java SDK client ({@code io.modelcontextprotocol.sdk:mcp}, {@code McpClient.sync} over
 * {@code HttpClientStreamableHttpTransport}) against real servers: orchestrated local mode, stateless sessions, a
 * transparent gateway whose IdP is another mcpauth, the gateway to a real upstream MCP server, and public mode.
 *
 * <p>The SDK (2.1.0) has no OAuth client of its own: it offers a request customizer, to add headers such as
 * {@code Authorization}, and an authorization error handler, called on a 401 or 403, that may fix things and ask
 * for a retry. {@link HostAuthorization} is what an OAuth-aware host application plugs into those hooks: on the
 * first 401 it discovers the authorization server from the challenge (RFC 9728, then RFC 8414), registers (RFC 7591)
 * and runs the authorization code flow there (PKCE, the login form, the code exchange, all driven by
 * {@link OAuthFlow}) for the resource the metadata names (RFC 8707); on a later 401 it refreshes, or, when the server
 * issued no refresh token (stateless sessions), authorizes again. Public mode needs none of it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class McpJavaSdkInteropTest {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final String DISCOVERED = "discovered";
    private static final String AUTHORIZED = "authorized";
    private static final String REFRESHED = "refreshed";

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

            assertTools(mcp, "whoami");
            assertWhoami(mcp, client.clientId(), server.mcpUrl());
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

    /**
     * Orchestrated local: the 401 leads the host through discovery, registration and the code flow, the SDK retries;
     * later a rejected access token makes the host refresh (with rotation) and the SDK retry within the session.
     */
    @Test
    void sdkClientWhenAuthorizationErrorHandlerRunsTheFlowOnThe401ThenTheRetrySucceedsAndALater401Refreshes() {
        HostAuthorization host = new HostAuthorization(server.mcpUrl());
        try (McpSyncClient mcp = sdkClient(host.transport())) {
            mcp.initialize();
            host.assertNoFailure();
            assertEquals(List.of(DISCOVERED, AUTHORIZED), host.events());
            assertEquals(server.baseUrl(), host.issuer(), "the resource metadata names this server");
            assertNotNull(host.tokens().refreshToken(), "no refresh token from a stateful server");
            assertWhoami(mcp, host.clientId(), server.mcpUrl());

            host.invalidateAccessToken();
            assertWhoami(mcp, host.clientId(), server.mcpUrl());
            host.assertNoFailure();
            assertEquals(List.of(DISCOVERED, AUTHORIZED, REFRESHED), host.events());
        }
        System.out.println("[mcp-java-sdk] authorization error handler: " + host.log());
    }

    /**
     * session-mode stateless: no refresh token is issued, so when the access token is refused the host has to
     * authorize again; the SDK's session (a sealed {@code Mcp-Session-Id} bound to the principal) carries on.
     */
    @Test
    void sdkClientWhenServerIsStatelessThenNoRefreshTokenAndA401LeadsToANewAuthorization() {
        try (TestServer stateless = TestServer.orchestratedLocal(Map.of("mcpauth.auth.session-mode", "stateless"))) {
            HostAuthorization host = new HostAuthorization(stateless.mcpUrl());
            try (McpSyncClient mcp = sdkClient(host.transport())) {
                mcp.initialize();
                host.assertNoFailure();
                assertNull(host.tokens().refreshToken(), "a stateless server issued a refresh token");
                assertNull(host.tokens().body().get("refresh_token"), host.tokens().body()::toString);
                assertTools(mcp, "whoami");
                assertWhoami(mcp, host.clientId(), stateless.mcpUrl());

                host.invalidateAccessToken();
                assertWhoami(mcp, host.clientId(), stateless.mcpUrl());
                host.assertNoFailure();
                assertEquals(List.of(DISCOVERED, AUTHORIZED, AUTHORIZED), host.events());
                // The refused initialize and its retry; the session survived the new token, nothing re-initialized.
                assertEquals(2, host.initializeRequests(), "the SDK had to initialize a new session");
            }
            System.out.println("[mcp-java-sdk] stateless: " + host.log());
        }
    }

    /**
     * Transparent mode: the gateway's 401 and resource metadata send the host to the IdP (another mcpauth, which
     * lists the gateway's resource among those it issues tokens for), where it registers, authorizes and refreshes;
     * the SDK calls whoami through the gateway. Reusing the rotated refresh token revokes the family at the IdP, yet
     * the gateway, which checks the JWT alone (signature, iss, aud, exp), accepts the current access token until it
     * expires.
     */
    @Test
    void sdkClientWhenGatewayIsTransparentThenItAuthorizesAtTheIdpAndCallsThroughTheGateway() throws Exception {
        try (TransparentGateway servers = TransparentGateway.start(Map.of("mcpauth.auth.required-scopes",
                List.of("mcp")))) {
            TestServer idp = servers.idp();
            TestServer gateway = servers.gateway();
            HostAuthorization host = new HostAuthorization(gateway.mcpUrl());
            try (McpSyncClient mcp = sdkClient(host.transport())) {
                mcp.initialize();
                host.assertNoFailure();
                assertEquals(idp.baseUrl(), host.issuer(), "the gateway's resource metadata names the IdP");
                assertTools(mcp, "whoami");
                assertWhoami(mcp, host.clientId(), gateway.mcpUrl());

                String firstRefreshToken = host.tokens().refreshToken();
                host.invalidateAccessToken();
                assertWhoami(mcp, host.clientId(), gateway.mcpUrl());
                host.assertNoFailure();
                assertEquals(List.of(DISCOVERED, AUTHORIZED, REFRESHED), host.events());

                // RFC 9700 §4.14 at the IdP: the rotated token is refused and the whole family revoked.
                OAuthFlow atIdp = new OAuthFlow(idp);
                Http.assertOAuthError(atIdp.refresh(host.client(), firstRefreshToken), 400, "invalid_grant");
                Http.assertOAuthError(atIdp.refresh(host.client(), host.tokens().refreshToken()), 400,
                        "invalid_grant");
                assertWhoami(mcp, host.clientId(), gateway.mcpUrl());
                System.out.println("[mcp-java-sdk] transparent: after refresh-token reuse the IdP revoked the"
                        + " family (invalid_grant); the gateway still accepts the current access token until it"
                        + " expires");
            }
            System.out.println("[mcp-java-sdk] transparent: " + host.log());
        }
    }

    /**
     * Orchestrated local through the gateway to a real upstream MCP server (the TypeScript SDK's, answering with
     * SSE): the upstream sees the signed-in user in the identity headers and never the client's token.
     */
    @Test
    void sdkClientWhenAppHasUpstreamThenTheUpstreamSeesTheSignedInUserAndNoToken() throws Exception {
        try (UpstreamMcpServer upstream = UpstreamMcpServer.start();
             TestServer gateway = TestServer.orchestratedLocal(Map.of("mcpauth.apps",
                     List.of(Map.of("id", "tools", "path", "/mcp", "upstream", upstream.url()))))) {
            HostAuthorization host = new HostAuthorization(gateway.mcpUrl());
            try (McpSyncClient mcp = sdkClient(host.transport())) {
                McpSchema.InitializeResult initialized = mcp.initialize();
                host.assertNoFailure();
                assertEquals("mcpauth-test-upstream", initialized.serverInfo().name(),
                        "initialize was not answered by the upstream");
                assertTools(mcp, "whoami-upstream", "echo");
                assertUpstreamIdentity(mcp, host.clientId());

                McpSchema.CallToolResult echo = mcp.callTool(new McpSchema.CallToolRequest("echo",
                        Map.of("text", "through the gateway")));
                assertEquals("through the gateway",
                        assertInstanceOf(McpSchema.TextContent.class, echo.content().get(0)).text());

                host.invalidateAccessToken();
                assertUpstreamIdentity(mcp, host.clientId());
                host.assertNoFailure();
                assertEquals(List.of(DISCOVERED, AUTHORIZED, REFRESHED), host.events());
            }
            System.out.println("[mcp-java-sdk] upstream: " + host.log());
        }
    }

    /** Public mode: no token and no handler; initialize, tools/list and whoami as a fresh anonymous principal. */
    @Test
    void sdkClientWhenServerIsPublicThenItCallsToolsWithoutAnyAuthorization() {
        try (TestServer open = TestServer.publicMode(Map.of())) {
            List<String> subjects = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                        .builder(open.baseUrl())
                        .endpoint("/mcp")
                        .connectTimeout(REQUEST_TIMEOUT)
                        .build();
                try (McpSyncClient mcp = sdkClient(transport)) {
                    assertNotNull(mcp.initialize().capabilities().tools(), "the server does not announce tools");
                    assertTools(mcp, "whoami");
                    McpSchema.CallToolResult result = mcp.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
                    assertFalse(Boolean.TRUE.equals(result.isError()), () -> "whoami returned an error: " + result);
                    Map<?, ?> identity = assertInstanceOf(Map.class, result.structuredContent(), result::toString);
                    assertEquals(Boolean.TRUE, identity.get("anonymous"), identity::toString);
                    assertEquals("anonymous", identity.get("client_id"), identity::toString);
                    assertTrue(identity.get("subject") instanceof String subject && subject.startsWith("anonymous-"),
                            identity::toString);
                    subjects.add((String) identity.get("subject"));
                    System.out.println("[mcp-java-sdk] public: tools/call whoami: " + identity);
                }
            }
            assertNotEquals(subjects.get(0), subjects.get(1), "two clients got the same anonymous principal");
        }
    }

    /**
     * The OAuth side of an MCP host application, plugged into the SDK's request customizer and authorization error
     * handler. Failures inside the handler (which runs on the SDK's threads) are kept for {@link #assertNoFailure}.
     */
    private static final class HostAuthorization {
        private static final Pattern RESOURCE_METADATA = Pattern.compile("resource_metadata=\"([^\"]+)\"");

        private final String mcpUrl;
        private final Http http;
        private final List<String> events = new CopyOnWriteArrayList<>();
        private final List<String> log = new CopyOnWriteArrayList<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final AtomicInteger initializeRequests = new AtomicInteger();
        private volatile String resource;
        private volatile String issuer;
        private volatile OAuthFlow flow;
        private volatile Client client;
        private volatile Tokens tokens;
        private volatile String accessToken;

        HostAuthorization(String mcpUrl) {
            this.mcpUrl = mcpUrl;
            this.http = new Http(mcpUrl);
        }

        HttpClientStreamableHttpTransport transport() {
            URI uri = URI.create(mcpUrl);
            return HttpClientStreamableHttpTransport.builder(uri.getScheme() + "://" + uri.getRawAuthority())
                    .endpoint(uri.getRawPath())
                    .connectTimeout(REQUEST_TIMEOUT)
                    .httpRequestCustomizer((request, method, target, body, context) -> {
                        if (body != null && body.contains("\"method\":\"initialize\"")) {
                            initializeRequests.incrementAndGet();
                        }
                        String token = accessToken;
                        if (token != null) {
                            request.header("Authorization", "Bearer " + token);
                        }
                    })
                    .authorizationErrorHandler(McpHttpClientTransportAuthorizationErrorHandler.fromSync(
                            (request, response, context) -> onAuthorizationError(request.method() + " "
                                    + request.requestUri().getPath(), response)))
                    .build();
        }

        /** Replaces the access token with one the server refuses, as an expired one would be. */
        void invalidateAccessToken() {
            accessToken = "expired-" + UUID.randomUUID();
        }

        private synchronized boolean onAuthorizationError(String request, HttpResponse.ResponseInfo response) {
            try {
                String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
                log.add(request + " " + response.statusCode() + " " + challenge);
                assertEquals(401, response.statusCode(), () -> request + ": " + challenge);
                assertTrue(challenge.startsWith("Bearer "), challenge);
                if (tokens != null && tokens.refreshToken() != null) {
                    refresh();
                } else {
                    if (flow == null) {
                        discover(challenge);
                    }
                    authorize();
                }
                return true;
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                return false;
            }
        }

        /** RFC 9728 from the challenge, then RFC 8414 at the authorization server it names; then RFC 7591. */
        private void discover(String challenge) {
            Matcher m = RESOURCE_METADATA.matcher(challenge);
            assertTrue(m.find(), () -> "no resource_metadata in " + challenge);
            Map<String, Object> resourceMetadata = Http.json(ok(http.get(m.group(1))));
            resource = (String) resourceMetadata.get("resource");
            assertEquals(mcpUrl, resource, resourceMetadata::toString);
            List<?> servers = assertInstanceOf(List.class, resourceMetadata.get("authorization_servers"));
            issuer = (String) servers.get(0);
            Map<String, Object> metadata = Http.json(ok(http.get(issuer + "/.well-known/oauth-authorization-server")));
            assertEquals(issuer, metadata.get("issuer"), "RFC 8414 §3.3: the issuer must be the one asked for");
            // OAuthFlow drives mcpauth's endpoint paths; the metadata must name exactly those.
            assertEquals(issuer + "/oauth/authorize", metadata.get("authorization_endpoint"));
            assertEquals(issuer + "/oauth/token", metadata.get("token_endpoint"));
            assertEquals(issuer + "/oauth/register", metadata.get("registration_endpoint"));
            flow = new OAuthFlow(issuer);
            client = flow.registerPublicClient();
            events.add(DISCOVERED);
            log.add("discovered resource " + resource + " at authorization server " + issuer + ", registered "
                    + client.clientId());
        }

        /** The authorization code flow for the discovered resource (RFC 8707), as the default test user. */
        private void authorize() {
            tokens = flow.tokens(flow.authorizeRequest(client).set("resource", resource));
            accessToken = tokens.accessToken();
            events.add(AUTHORIZED);
            log.add("authorization code flow: access token, refresh token " + (tokens.refreshToken() != null));
        }

        /** The refresh grant; the refresh token must rotate (OAuth 2.1 §4.3.1). */
        private void refresh() {
            Tokens refreshed = Tokens.of(flow.refresh(client, tokens.refreshToken()));
            assertNotNull(refreshed.refreshToken(), "refresh issued no new refresh token");
            assertNotEquals(tokens.refreshToken(), refreshed.refreshToken(), "the refresh token did not rotate");
            tokens = refreshed;
            accessToken = refreshed.accessToken();
            events.add(REFRESHED);
            log.add("refreshed: new access token, rotated refresh token");
        }

        private static HttpResponse<String> ok(HttpResponse<String> response) {
            assertEquals(200, response.statusCode(), () -> response.uri() + ": " + response.body());
            return response;
        }

        void assertNoFailure() {
            Throwable t = failure.get();
            if (t != null) {
                throw new AssertionError("the host's authorization handler failed: " + t.getMessage(), t);
            }
        }

        /** How many initialize requests the SDK sent, counting a refused one and its retry as two. */
        int initializeRequests() {
            return initializeRequests.get();
        }

        List<String> events() {
            return List.copyOf(events);
        }

        String log() {
            return String.join(" | ", log);
        }

        String issuer() {
            return issuer;
        }

        Client client() {
            return client;
        }

        String clientId() {
            return client.clientId();
        }

        Tokens tokens() {
            return tokens;
        }
    }

    private static McpSyncClient sdkClient(HttpClientStreamableHttpTransport transport) {
        return McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("mcpauth-interop-java-sdk", "0.0.0"))
                .requestTimeout(REQUEST_TIMEOUT)
                .initializationTimeout(REQUEST_TIMEOUT)
                .build();
    }

    private static void assertTools(McpSyncClient mcp, String... expected) {
        List<String> tools = mcp.listTools().tools().stream().map(McpSchema.Tool::name).toList();
        for (String name : expected) {
            assertTrue(tools.contains(name), "tools/list has no " + name + ": " + tools);
        }
        System.out.println("[mcp-java-sdk] tools/list: " + tools);
    }

    private static void assertWhoami(McpSyncClient mcp, String clientId, String resource) {
        McpSchema.CallToolResult result = mcp.callTool(new McpSchema.CallToolRequest("whoami", Map.of()));
        assertFalse(Boolean.TRUE.equals(result.isError()), () -> "whoami returned an error: " + result.content());
        Map<?, ?> identity = assertInstanceOf(Map.class, result.structuredContent(),
                () -> "whoami returned no structured content: " + result);
        assertEquals(TestServer.USERNAME, identity.get("subject"), identity::toString);
        assertEquals(Boolean.FALSE, identity.get("anonymous"), identity::toString);
        assertEquals(clientId, identity.get("client_id"), identity::toString);
        assertTrue(identity.get("scopes") instanceof List<?> scopes && scopes.contains("mcp"), identity::toString);
        assertTrue(identity.get("audience") instanceof List<?> audience && audience.contains(resource),
                identity::toString);
        System.out.println("[mcp-java-sdk] tools/call whoami: " + identity);
    }

    /** The upstream's whoami-upstream tool reports the X-MCPAuth-* headers it got and whether a token reached it. */
    private static void assertUpstreamIdentity(McpSyncClient mcp, String clientId) {
        McpSchema.CallToolResult result = mcp.callTool(new McpSchema.CallToolRequest("whoami-upstream", Map.of()));
        assertFalse(Boolean.TRUE.equals(result.isError()), () -> "whoami-upstream returned an error: " + result);
        McpSchema.TextContent text = assertInstanceOf(McpSchema.TextContent.class, result.content().get(0));
        Map<String, Object> seen = TestJson.object(text.text());
        Map<?, ?> headers = assertInstanceOf(Map.class, seen.get("headers"), seen::toString);
        assertEquals(TestServer.USERNAME, headers.get("x-mcpauth-subject"), headers::toString);
        assertEquals(clientId, headers.get("x-mcpauth-client-id"), headers::toString);
        assertEquals("false", headers.get("x-mcpauth-anonymous"), headers::toString);
        assertTrue(headers.get("x-mcpauth-assertion") instanceof String assertion
                && assertion.split("\\.").length == 3, headers::toString);
        assertEquals(Boolean.FALSE, seen.get("authorization"), "the client's token reached the upstream");
        System.out.println("[mcp-java-sdk] tools/call whoami-upstream: the upstream saw subject="
                + headers.get("x-mcpauth-subject") + " client_id=" + headers.get("x-mcpauth-client-id")
                + " and no Authorization header");
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
