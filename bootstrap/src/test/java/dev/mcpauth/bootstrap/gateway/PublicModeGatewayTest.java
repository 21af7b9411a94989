package dev.mcpauth.bootstrap.gateway;

// Relies on the lead's wiring (bootstrap main code): a @Singleton dev.mcpauth.adapters.http.mcp.GatewaySettings
// with an UpstreamApp for each app's `upstream` (mcpauth.apps[i].upstream, timeouts.connect, timeouts.read), and its
// PublicAccess from mcpauth.auth.public-access.tools and .rate-limit; mcpauth.auth.mode: public with
// mcpauth.auth.session-ttl as AuthMode.Public#sessionTtl (the config reader already does the latter).

import dev.mcpauth.bootstrap.support.Http;
import dev.mcpauth.bootstrap.support.McpCalls;
import dev.mcpauth.bootstrap.support.TestJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Public mode through the gateway: no token, and every {@code initialize} opens a session for a new anonymous
 * principal whose only credential is that session id (a forged or expired id gets 404, and the client starts anew);
 * the rate limit per session, and the tool limits on {@code tools/list} and {@code tools/call}.
 */
class PublicModeGatewayTest {
    private static final int RATE_LIMIT = 6;

    private static UpstreamMcpServer upstream;
    private static PublicServer server;
    private static McpCalls mcp;

    @BeforeAll
    static void start() throws Exception {
        upstream = UpstreamMcpServer.start();
        server = PublicServer.start(upstream.url(), Map.of(
                "mcpauth.auth.session-ttl", "10m",
                "mcpauth.auth.public-access.tools", List.of("echo", "whoami-upstream"),
                "mcpauth.auth.public-access.rate-limit", RATE_LIMIT));
        mcp = new McpCalls(new Http(server.baseUrl()));
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
    void initializeWhenTwoAnonymousClientsThenEachHasItsOwnSessionAndPrincipal() {
        String first = session();
        String second = session();

        Map<String, Object> one = headersSeenUpstream(first);
        Map<String, Object> two = headersSeenUpstream(second);

        assertNotEquals(first, second);
        assertNotEquals(one.get("x-mcpauth-subject"), two.get("x-mcpauth-subject"));
        assertTrue(((String) one.get("x-mcpauth-subject")).startsWith("anonymous-"), one.toString());
        assertEquals("true", one.get("x-mcpauth-anonymous"));
        assertEquals("anonymous", one.get("x-mcpauth-scopes"));
        assertTrue(one.containsKey("x-mcpauth-assertion"));
    }

    @Test
    void postWhenSessionIdForgedThenNotFound() {
        HttpResponse<String> response = mcp.request(null, UUID.randomUUID().toString(), "tools/call",
                "{\"name\":\"echo\",\"arguments\":{\"text\":\"x\"}}");

        assertEquals(404, response.statusCode(), response::body);
        assertEquals("session not found", ((Map<?, ?>) Http.json(response).get("error")).get("message"));
    }

    @Test
    void postWhenClientSendsATokenInPublicModeThenItIsNeitherUsedNorForwarded() {
        String session = Http.requiredHeader(mcp.initialize("some.client.token"), "Mcp-Session-Id");

        HttpResponse<String> response = mcp.request("some.client.token", session, "tools/call",
                "{\"name\":\"whoami-upstream\",\"arguments\":{}}");

        Map<String, Object> seen = TestJson.object(Sse.text(Sse.response(response.body())));
        assertEquals(Boolean.FALSE, seen.get("authorization"));
    }

    @Test
    void postWhenRateLimitExceededThenTooManyRequestsWithRetryAfter() {
        String session = session(); // the initialize counts
        for (int i = 2; i <= RATE_LIMIT; i++) {
            HttpResponse<String> allowed = mcp.request(null, session, "ping", null);
            assertEquals(200, allowed.statusCode(), () -> "request within the limit: " + allowed.body());
        }

        HttpResponse<String> limited = mcp.request(null, session, "ping", null);

        assertEquals(429, limited.statusCode(), limited::body);
        long retryAfter = Long.parseLong(Http.requiredHeader(limited, "Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After: " + retryAfter);
        Map<String, Object> body = Http.json(limited);
        assertEquals(2L, body.get("id"));
        assertEquals(-32029L, ((Map<?, ?>) body.get("error")).get("code"));
    }

    @Test
    void toolsListWhenToolsLimitedThenOnlyTheAllowedToolsAreListed() {
        String session = session();

        HttpResponse<String> response = mcp.request(null, session, "tools/list", null);

        assertEquals(200, response.statusCode(), response::body);
        assertEquals("text/event-stream", Http.requiredHeader(response, "Content-Type"));
        List<?> tools = (List<?>) ((Map<?, ?>) Sse.response(response.body()).get("result")).get("tools");
        assertEquals(List.of("echo", "whoami-upstream"),
                tools.stream().map(tool -> ((Map<?, ?>) tool).get("name")).sorted().toList());
    }

    @Test
    void toolsCallWhenToolNotAllowedThenJsonRpcErrorToolNotAllowed() {
        String session = session();

        HttpResponse<String> response = mcp.request(null, session, "tools/call",
                "{\"name\":\"slow\",\"arguments\":{\"ms\":1}}");

        assertEquals(200, response.statusCode(), response::body);
        Map<?, ?> error = (Map<?, ?>) Http.json(response).get("error");
        assertEquals(-32003L, error.get("code"));
        assertEquals("tool not allowed", error.get("message"));
    }

    @Test
    void postWhenSessionExpiredThenNotFound() throws Exception {
        try (PublicServer shortLived = PublicServer.start(upstream.url(), Map.of("mcpauth.auth.session-ttl", "2s"))) {
            McpCalls calls = new McpCalls(new Http(shortLived.baseUrl()));
            String session = Http.requiredHeader(calls.initialize(null), "Mcp-Session-Id");
            assertEquals(200, calls.request(null, session, "ping", null).statusCode());

            Thread.sleep(2_500);

            HttpResponse<String> expired = calls.request(null, session, "ping", null);
            assertEquals(404, expired.statusCode(), expired::body);
            assertFalse(Http.requiredHeader(calls.initialize(null), "Mcp-Session-Id").isBlank(),
                    "the client starts a new session");
        }
    }

    private static String session() {
        HttpResponse<String> init = mcp.initialize(null);
        assertEquals(200, init.statusCode(), init::body);
        return Http.requiredHeader(init, "Mcp-Session-Id");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> headersSeenUpstream(String session) {
        HttpResponse<String> response = mcp.request(null, session, "tools/call",
                "{\"name\":\"whoami-upstream\",\"arguments\":{}}");
        assertEquals(200, response.statusCode(), response::body);
        return (Map<String, Object>) TestJson.object(Sse.text(Sse.response(response.body()))).get("headers");
    }
}
