package dev.mcpauth.bootstrap.protocol;

import dev.mcpauth.bootstrap.support.Http;
import dev.mcpauth.bootstrap.support.McpCalls;
import dev.mcpauth.bootstrap.support.OAuthFlow;
import dev.mcpauth.bootstrap.support.OAuthFlow.Client;
import dev.mcpauth.bootstrap.support.OAuthFlow.Tokens;
import dev.mcpauth.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MCP endpoint (MCP 2025-06-18 authorization and Streamable HTTP): 401 challenges that lead clients to the
 * resource metadata, 403 for missing scope, sessions bound to the subject and client that started them, and the
 * demo app's {@code whoami} tool.
 */
class McpEndpointTest {
    private static final String BOB = "bob";
    private static final String BOB_PASSWORD = "bob's own password";

    private static TestServer server;
    private static OAuthFlow flow;
    private static McpCalls mcp;
    private static Client client;
    private static Client otherClient;
    private static String aliceToken;

    @BeforeAll
    static void start() {
        server = TestServer.orchestratedLocal(Map.of("mcpauth.auth.users", List.of(
                Map.of("username", TestServer.USERNAME, "password", TestServer.PASSWORD),
                Map.of("username", BOB, "password", BOB_PASSWORD))));
        flow = new OAuthFlow(server);
        mcp = new McpCalls(flow.http());
        client = flow.registerPublicClient();
        otherClient = flow.registerPublicClient();
        aliceToken = flow.tokens(client).accessToken();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void postWhenNoTokenThenUnauthorizedWithResourceMetadataAndScope() {
        HttpResponse<String> response = mcp.initialize(null);

        assertEquals(401, response.statusCode());
        String challenge = Http.requiredHeader(response, "WWW-Authenticate");
        assertTrue(challenge.startsWith("Bearer "), challenge);
        assertTrue(challenge.contains("resource_metadata=\"" + server.baseUrl()
                + "/.well-known/oauth-protected-resource/mcp\""), challenge);
        assertTrue(challenge.contains("scope=\"mcp\""), challenge);
        assertFalse(challenge.contains("error="), "RFC 6750 §3.1: no error code when no credentials were sent");
        assertEquals("no-store", Http.requiredHeader(response, "Cache-Control"));
    }

    @Test
    void postWhenTokenGarbageThenUnauthorizedInvalidToken() {
        HttpResponse<String> response = mcp.initialize("garbage.token.value");

        assertEquals(401, response.statusCode());
        String challenge = Http.requiredHeader(response, "WWW-Authenticate");
        assertTrue(challenge.contains("error=\"invalid_token\""), challenge);
        assertTrue(challenge.contains("resource_metadata=\"" + server.baseUrl()
                + "/.well-known/oauth-protected-resource/mcp\""), challenge);
        assertEquals("invalid_token", Http.json(response).get("error"));
    }

    @Test
    void postWhenTokenLacksMcpScopeThenForbiddenInsufficientScope() {
        String profileOnly = flow.tokens(flow.authorizeRequest(client).set("scope", "profile")).accessToken();

        HttpResponse<String> response = mcp.initialize(profileOnly);

        assertEquals(403, response.statusCode(), response::body);
        String challenge = Http.requiredHeader(response, "WWW-Authenticate");
        assertTrue(challenge.contains("error=\"insufficient_scope\""), challenge);
        assertTrue(challenge.contains("scope=\"mcp\""), challenge);
    }

    @Test
    void initializeWhenAuthenticatedThenReturnsSessionId() {
        HttpResponse<String> response = mcp.initialize(aliceToken);

        assertEquals(200, response.statusCode(), response::body);
        assertFalse(Http.requiredHeader(response, "Mcp-Session-Id").isBlank());
        Map<?, ?> result = (Map<?, ?>) Http.json(response).get("result");
        assertEquals("2025-06-18", result.get("protocolVersion"));
        assertTrue(result.containsKey("capabilities"), response.body());
    }

    @Test
    void initializeWhenPathHasTrailingSlashThenServedLikeTheAppPath() {
        HttpResponse<String> response = new McpCalls(flow.http(), "/mcp/").initialize(aliceToken);

        assertEquals(200, response.statusCode(), response::body);
    }

    @Test
    void toolsListWhenInSessionThenListsWhoami() {
        String session = session(aliceToken);

        HttpResponse<String> response = mcp.request(aliceToken, session, "tools/list", null);

        assertEquals(200, response.statusCode(), response::body);
        List<?> tools = (List<?>) ((Map<?, ?>) Http.json(response).get("result")).get("tools");
        assertTrue(tools.stream().anyMatch(tool -> "whoami".equals(((Map<?, ?>) tool).get("name"))), response.body());
    }

    @Test
    void toolsCallWhoamiWhenInSessionThenReturnsSubjectClientAndScopes() {
        String session = session(aliceToken);

        HttpResponse<String> response = mcp.request(aliceToken, session, "tools/call",
                "{\"name\":\"whoami\",\"arguments\":{}}");

        assertEquals(200, response.statusCode(), response::body);
        Map<?, ?> result = (Map<?, ?>) Http.json(response).get("result");
        assertEquals(Boolean.FALSE, result.get("isError"));
        Map<?, ?> identity = (Map<?, ?>) result.get("structuredContent");
        assertEquals("alice", identity.get("subject"));
        assertEquals(client.clientId(), identity.get("client_id"));
        assertEquals(List.of("mcp"), identity.get("scopes"));
        assertEquals(List.of(server.mcpUrl()), identity.get("audience"));
    }

    @Test
    void postWhenAccessTokenRefreshedThenSessionContinues() {
        Tokens first = flow.tokens(client);
        String session = session(first.accessToken());
        Tokens refreshed = Tokens.of(flow.refresh(client, first.refreshToken()));

        HttpResponse<String> response = mcp.request(refreshed.accessToken(), session, "tools/call",
                "{\"name\":\"whoami\",\"arguments\":{}}");

        assertEquals(200, response.statusCode(), response::body);
        Map<?, ?> identity = (Map<?, ?>) ((Map<?, ?>) Http.json(response).get("result")).get("structuredContent");
        assertEquals("alice", identity.get("subject"));
    }

    @Test
    void postWhenProtocolVersionUnsupportedThenBadRequest() {
        String session = session(aliceToken);

        HttpResponse<String> response = flow.http().post("/mcp", Http.JSON,
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}",
                "Authorization", Http.bearer(aliceToken), "Mcp-Session-Id", session,
                "MCP-Protocol-Version", "1999-01-01", "Accept", "application/json, text/event-stream");

        assertEquals(400, response.statusCode(), response::body);
        assertEquals(200, mcp.request(aliceToken, session, "ping", null).statusCode());
    }

    @Test
    void postWhenSessionOfAnotherUserThenNotFound() {
        String aliceSession = session(aliceToken);
        OAuthFlow.AuthorizeRequest request = flow.authorizeRequest(client);
        String bobToken = Tokens.of(flow.exchange(request,
                flow.signIn(request, BOB, BOB_PASSWORD).code())).accessToken();
        assertEquals(200, mcp.request(bobToken, session(bobToken), "ping", null).statusCode());

        HttpResponse<String> response = mcp.request(bobToken, aliceSession, "tools/list", null);

        assertEquals(404, response.statusCode(), response::body);
        assertFalse(response.body().contains("whoami"), response.body());
    }

    @Test
    void postWhenSessionOfSameUserViaAnotherClientThenNotFound() {
        String aliceSession = session(aliceToken);
        String otherClientToken = flow.tokens(otherClient).accessToken();

        HttpResponse<String> response = mcp.request(otherClientToken, aliceSession, "tools/list", null);

        assertEquals(404, response.statusCode(), response::body);
    }

    @Test
    void postWhenSessionUnknownThenNotFound() {
        HttpResponse<String> response = mcp.request(aliceToken, "no-such-session-0123456789abcdef", "ping", null);

        assertEquals(404, response.statusCode(), response::body);
    }

    @Test
    void postWhenSessionIdMissingAfterInitializeThenBadRequest() {
        session(aliceToken);

        HttpResponse<String> response = mcp.request(aliceToken, null, "tools/list", null);

        assertEquals(400, response.statusCode(), response::body);
        assertTrue(Http.json(response).get("error") instanceof Map<?, ?>, response.body());
    }

    @Test
    void deleteWhenOwnSessionThenEndsIt() {
        String session = session(aliceToken);
        assertEquals(200, mcp.request(aliceToken, session, "ping", null).statusCode());

        HttpResponse<String> response = mcp.delete(aliceToken, session);

        assertEquals(204, response.statusCode(), response::body);
        assertEquals(404, mcp.request(aliceToken, session, "ping", null).statusCode());
        assertEquals(404, mcp.delete(aliceToken, session).statusCode());
    }

    @Test
    void deleteWhenSessionOfAnotherClientThenNotFoundAndSessionSurvives() {
        String session = session(aliceToken);
        String otherClientToken = flow.tokens(otherClient).accessToken();

        assertEquals(404, mcp.delete(otherClientToken, session).statusCode());

        assertEquals(200, mcp.request(aliceToken, session, "ping", null).statusCode());
    }

    @Test
    void getWhenAuthenticatedThenMethodNotAllowed() {
        HttpResponse<String> response = mcp.get(aliceToken);

        assertEquals(405, response.statusCode(), response::body);
        assertTrue(Http.requiredHeader(response, "Allow").contains("POST"));
    }

    @Test
    void getWhenNoTokenThenUnauthorized() {
        assertEquals(401, mcp.get(null).statusCode());
    }

    @Test
    void postWhenAccessTokenExpiredThenUnauthorizedInvalidToken() throws InterruptedException {
        try (TestServer shortTokens = TestServer.orchestratedLocal(
                Map.of("mcpauth.auth.lifetimes.access-token", "1s"))) {
            OAuthFlow shortFlow = new OAuthFlow(shortTokens);
            McpCalls shortMcp = new McpCalls(shortFlow.http());
            Tokens tokens = shortFlow.tokens(shortFlow.registerPublicClient());
            assertEquals(1L, tokens.body().get("expires_in"));
            Thread.sleep(1_500);

            HttpResponse<String> response = shortMcp.initialize(tokens.accessToken());

            assertEquals(401, response.statusCode(), response::body);
            String challenge = Http.requiredHeader(response, "WWW-Authenticate");
            assertTrue(challenge.contains("error=\"invalid_token\""), challenge);
            assertTrue(challenge.contains("expired"), challenge);
        }
    }

    private static String session(String token) {
        HttpResponse<String> response = mcp.initialize(token);
        assertEquals(200, response.statusCode(), response::body);
        return Http.requiredHeader(response, "Mcp-Session-Id");
    }
}
