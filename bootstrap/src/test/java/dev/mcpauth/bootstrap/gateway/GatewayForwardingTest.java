package dev.mcpauth.bootstrap.gateway;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpauth.bootstrap.support.Form;
import dev.mcpauth.bootstrap.support.Http;
import dev.mcpauth.bootstrap.support.McpCalls;
import dev.mcpauth.bootstrap.support.OAuthFlow;
import dev.mcpauth.bootstrap.support.OAuthFlow.Client;
import dev.mcpauth.bootstrap.support.TestJson;
import dev.mcpauth.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MCP gateway in orchestrated local mode in front of a real upstream MCP server (the TypeScript SDK's, answering
 * with SSE): forwarding with a valid bearer token, identity headers and a verifiable assertion instead of the token,
 * incremental SSE, the GET stream, DELETE, session binding, and upstream failures.
 */
class GatewayForwardingTest {
    private static final String BOB = "bob";
    private static final String BOB_PASSWORD = "bob's own password";
    private static final HttpClient STREAMING = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static UpstreamMcpServer upstream;
    private static TestServer server;
    private static OAuthFlow flow;
    private static McpCalls mcp;
    private static Client client;
    private static String aliceToken;
    private static String bobToken;

    @BeforeAll
    static void start() throws Exception {
        upstream = UpstreamMcpServer.start();
        server = TestServer.orchestratedLocal(Map.of(
                "mcpauth.auth.users", List.of(
                        Map.of("username", TestServer.USERNAME, "password", TestServer.PASSWORD),
                        Map.of("username", BOB, "password", BOB_PASSWORD)),
                "mcpauth.apps", List.of(
                        Map.of("id", "main", "path", "/mcp", "upstream", upstream.url(),
                                "timeouts", Map.of("connect", "2s", "read", "10s")),
                        Map.of("id", "down", "path", "/down/mcp",
                                "upstream", "http://127.0.0.1:" + UpstreamMcpServer.closedPort() + "/mcp"),
                        Map.of("id", "tight", "path", "/tight/mcp", "upstream", upstream.url(),
                                "timeouts", Map.of("read", "1s")),
                        Map.of("id", "signed", "path", "/signed/mcp", "upstream", upstream.url(),
                                "identity", List.of("assertion")))));
        flow = new OAuthFlow(server);
        mcp = new McpCalls(flow.http());
        client = flow.registerPublicClient();
        aliceToken = flow.tokens(client).accessToken();
        OAuthFlow.AuthorizeRequest bobs = flow.authorizeRequest(client);
        bobToken = OAuthFlow.Tokens.of(flow.exchange(bobs, flow.signIn(bobs, BOB, BOB_PASSWORD).code())).accessToken();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void initializeWhenBearerValidThenUpstreamSessionAndToolsThroughTheGateway() {
        HttpResponse<String> init = mcp.initialize(aliceToken);

        assertEquals(200, init.statusCode(), init::body);
        assertEquals("text/event-stream", Http.requiredHeader(init, "Content-Type"));
        String session = Http.requiredHeader(init, "Mcp-Session-Id");
        Map<?, ?> result = (Map<?, ?>) Sse.response(init.body()).get("result");
        assertEquals("mcpauth-test-upstream", ((Map<?, ?>) result.get("serverInfo")).get("name"));
        assertEquals(202, mcp.post(aliceToken, session,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode());

        HttpResponse<String> echo = mcp.request(aliceToken, session, "tools/call",
                "{\"name\":\"echo\",\"arguments\":{\"text\":\"hello upstream\"}}");

        assertEquals(200, echo.statusCode(), echo::body);
        assertEquals("hello upstream", Sse.text(Sse.response(echo.body())));
    }

    @Test
    void toolsCallWhenForwardedThenUpstreamSeesIdentityAndAVerifiableAssertionButNoToken() throws Exception {
        String session = session(aliceToken);

        Map<String, Object> seen = whoamiUpstream(session);

        @SuppressWarnings("unchecked")
        Map<String, Object> headers = (Map<String, Object>) seen.get("headers");
        assertEquals(Boolean.FALSE, seen.get("authorization"), "no token passthrough: " + seen);
        assertEquals("alice", headers.get("x-mcpauth-subject"));
        assertEquals(client.clientId(), headers.get("x-mcpauth-client-id"));
        assertEquals("mcp", headers.get("x-mcpauth-scopes"));
        assertEquals("false", headers.get("x-mcpauth-anonymous"));

        SignedJWT assertion = SignedJWT.parse((String) headers.get("x-mcpauth-assertion"));
        JWKSet keys = JWKSet.parse(flow.http().get("/.well-known/jwks.json").body());
        JWK key = keys.getKeyByKeyId(assertion.getHeader().getKeyID());
        assertNotNull(key, "the assertion's kid is in the JWKS");
        JWSVerifier verifier = key instanceof ECKey ec ? new ECDSAVerifier(ec) : new RSASSAVerifier((RSAKey) key);
        assertTrue(assertion.verify(verifier), "signature verifies against /.well-known/jwks.json");
        assertEquals(new JOSEObjectType("mcpauth-identity+jwt"), assertion.getHeader().getType());
        JWTClaimsSet claims = assertion.getJWTClaimsSet();
        assertEquals(server.baseUrl(), claims.getIssuer());
        assertEquals(List.of(upstream.url()), claims.getAudience());
        assertEquals("alice", claims.getSubject());
        assertEquals(client.clientId(), claims.getStringClaim("client_id"));
        assertEquals(Boolean.FALSE, claims.getBooleanClaim("anonymous"));
        assertEquals(60_000, claims.getExpirationTime().getTime() - claims.getIssueTime().getTime());
        assertFalse(claims.getJWTID() == null || claims.getJWTID().isBlank());
    }

    @Test
    void toolsCallWhenTheAppSendsOnlyTheAssertionThenTheUpstreamGetsNoPlainIdentityHeaders() throws Exception {
        String token = token("/signed/mcp");
        McpCalls signed = new McpCalls(flow.http(), "/signed/mcp");
        String session = Http.requiredHeader(signed.initialize(token), "Mcp-Session-Id");

        HttpResponse<String> response = signed.request(token, session, "tools/call",
                "{\"name\":\"whoami-upstream\",\"arguments\":{}}");

        assertEquals(200, response.statusCode(), response::body);
        Map<String, Object> seen = TestJson.object(Sse.text(Sse.response(response.body())));
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = (Map<String, Object>) seen.get("headers");
        assertEquals(List.of("x-mcpauth-assertion"), List.copyOf(headers.keySet()), headers.toString());
        assertEquals("alice", SignedJWT.parse((String) headers.get("x-mcpauth-assertion")).getJWTClaimsSet()
                .getSubject());
    }

    @Test
    void toolsCallWhenClientSendsIdentityHeadersThenTheUpstreamNeverSeesThem() {
        String session = session(aliceToken);

        HttpResponse<String> response = flow.http().post("/mcp", Http.JSON, call(3, "whoami-upstream", "{}"),
                "Accept", "application/json, text/event-stream", "Authorization", Http.bearer(aliceToken),
                "Mcp-Session-Id", session, "X-MCPAuth-Subject", "mallory", "X-MCPAuth-Anonymous", "true",
                "X-MCPAuth-Admin", "yes", "X-MCPAuth-Assertion", "forged");

        Map<String, Object> seen = TestJson.object(Sse.text(Sse.response(response.body())));
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = (Map<String, Object>) seen.get("headers");
        assertEquals("alice", headers.get("x-mcpauth-subject"));
        assertEquals("false", headers.get("x-mcpauth-anonymous"));
        assertFalse(headers.containsKey("x-mcpauth-admin"), headers.toString());
        assertFalse("forged".equals(headers.get("x-mcpauth-assertion")));
    }

    @Test
    void toolsCallWhenUpstreamStreamsThenProgressArrivesBeforeTheFinalEvent() throws Exception {
        String session = session(aliceToken);
        String slow = "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\","
                + "\"arguments\":{\"ms\":1500},\"_meta\":{\"progressToken\":\"p4\"}}}";

        HttpResponse<InputStream> response = STREAMING.send(mcpRequest("/mcp", aliceToken, session)
                .POST(HttpRequest.BodyPublishers.ofString(slow)).build(), HttpResponse.BodyHandlers.ofInputStream());

        assertEquals(200, response.statusCode());
        try (BufferedReader lines = reader(response)) {
            Sse.Event progress = Sse.next(lines);
            Sse.Event result = Sse.next(lines);
            assertNotNull(progress);
            assertNotNull(result);
            assertEquals("notifications/progress", progress.message().get("method"), progress.toString());
            assertEquals(4L, result.message().get("id"));
            assertTrue(progress.receivedAt().isBefore(result.receivedAt()),
                    "progress at " + progress.receivedAt() + ", result at " + result.receivedAt());
        }
    }

    @Test
    void getWhenSessionOwnedThenTheUpstreamStreamPassesThrough() throws Exception {
        String session = session(aliceToken);
        HttpResponse<InputStream> stream = STREAMING.send(mcpRequest("/mcp", aliceToken, session)
                .setHeader("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertEquals("text/event-stream", stream.headers().firstValue("Content-Type").orElse(null));

        try (BufferedReader lines = reader(stream)) {
            CompletableFuture<Sse.Event> next = CompletableFuture.supplyAsync(() -> {
                try {
                    return Sse.next(lines);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            HttpResponse<String> notify = mcp.request(aliceToken, session, "tools/call",
                    "{\"name\":\"notify\",\"arguments\":{}}");
            assertEquals(200, notify.statusCode(), notify::body);

            Sse.Event event = next.get(10, TimeUnit.SECONDS);
            assertEquals("notifications/tools/list_changed", event.message().get("method"));
        }
    }

    @Test
    void deleteWhenSessionOwnedThenTheUpstreamSessionEnds() {
        String session = session(aliceToken);

        HttpResponse<String> deleted = mcp.delete(aliceToken, session);
        HttpResponse<String> after = mcp.request(aliceToken, session, "tools/list", null);

        assertEquals(200, deleted.statusCode(), deleted::body);
        assertEquals(404, after.statusCode());
    }

    @Test
    void postWhenSessionOfAnotherPrincipalThenNotFound() {
        String alices = session(aliceToken);

        HttpResponse<String> bobs = mcp.request(bobToken, alices, "tools/call",
                "{\"name\":\"echo\",\"arguments\":{\"text\":\"x\"}}");
        HttpResponse<String> bobsDelete = mcp.delete(bobToken, alices);

        assertEquals(404, bobs.statusCode(), bobs::body);
        assertEquals(404, bobsDelete.statusCode());
        assertEquals(200, mcp.request(aliceToken, alices, "tools/list", null).statusCode(), "alice's survives");
    }

    @Test
    void postWhenGrantRevokedAfterTheTokenWasUsedThenUnauthorizedAtOnce() {
        OAuthFlow.Tokens tokens = flow.tokens(client);
        String session = session(tokens.accessToken());
        assertEquals(200, mcp.request(tokens.accessToken(), session, "tools/list", null).statusCode());

        HttpResponse<String> revoked = flow.http().postForm("/oauth/revoke", Form.of("client_id", client.clientId(),
                "token", tokens.refreshToken()));
        HttpResponse<String> after = mcp.request(tokens.accessToken(), session, "tools/list", null);

        assertEquals(200, revoked.statusCode(), revoked::body);
        // the token's signature is remembered as verified, but its grant is checked on every request
        assertEquals(401, after.statusCode(), after::body);
        assertTrue(Http.requiredHeader(after, "WWW-Authenticate").contains("error=\"invalid_token\""));
    }

    @Test
    void initializeWhenUpstreamDownThenBadGatewayWithJsonRpcError() {
        HttpResponse<String> response = new McpCalls(flow.http(), "/down/mcp").initialize(token("/down/mcp"));

        assertEquals(502, response.statusCode(), response::body);
        assertEquals(Map.of("jsonrpc", "2.0", "id", 1L, "error",
                Map.of("code", -32603L, "message", "upstream MCP server unavailable")), Http.json(response));
    }

    @Test
    void toolsCallWhenUpstreamSlowerThanTheReadTimeoutThenGatewayTimeoutQuickly() {
        String token = token("/tight/mcp");
        McpCalls tight = new McpCalls(flow.http(), "/tight/mcp");
        String session = Http.requiredHeader(tight.initialize(token), "Mcp-Session-Id");
        long started = System.nanoTime();

        HttpResponse<String> response = tight.request(token, session, "tools/call",
                "{\"name\":\"slow\",\"arguments\":{\"ms\":8000}}");

        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(504, response.statusCode(), response::body);
        assertEquals(Map.of("jsonrpc", "2.0", "id", 2L, "error",
                Map.of("code", -32001L, "message", "upstream MCP server timed out")), Http.json(response));
        assertTrue(millis < 8000, "answered after " + millis + " ms");
    }

    private static String session(String token) {
        HttpResponse<String> init = mcp.initialize(token);
        assertEquals(200, init.statusCode(), init::body);
        return Http.requiredHeader(init, "Mcp-Session-Id");
    }

    private static Map<String, Object> whoamiUpstream(String session) {
        HttpResponse<String> response = mcp.request(aliceToken, session, "tools/call",
                "{\"name\":\"whoami-upstream\",\"arguments\":{}}");
        assertEquals(200, response.statusCode(), response::body);
        return TestJson.object(Sse.text(Sse.response(response.body())));
    }

    /** A token whose audience is the app at {@code path} (RFC 8707). */
    private static String token(String path) {
        return flow.tokens(flow.authorizeRequest(client).set("resource", server.baseUrl() + path)).accessToken();
    }

    private static String call(int id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }

    private static HttpRequest.Builder mcpRequest(String path, String token, String session) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", Http.bearer(token))
                .header("Mcp-Session-Id", session);
    }

    private static BufferedReader reader(HttpResponse<InputStream> response) {
        return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }
}
