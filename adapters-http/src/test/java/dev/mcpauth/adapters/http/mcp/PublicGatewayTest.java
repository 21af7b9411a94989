package dev.mcpauth.adapters.http.mcp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.mcpauth.adapters.http.mcp.GatewayServer.INITIALIZE;
import static dev.mcpauth.adapters.http.mcp.GatewayServer.call;
import static dev.mcpauth.adapters.http.mcp.GatewayServer.request;
import static dev.mcpauth.adapters.http.mcp.GatewayServer.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Public mode: every {@code initialize} opens a session for a new anonymous principal, whose only credential is the
 * session id; sessions expire, are rate-limited, and see and call only the allowed tools.
 */
class PublicGatewayTest {
    private static final Duration TTL = Duration.ofMinutes(30);
    private static final int RATE_LIMIT = 5;
    private static final Pattern SUBJECT = Pattern.compile("\"subject\":\"([^\"]+)\"");

    private static FakeUpstream upstream;
    private static GatewayServer gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = new FakeUpstream();
        gateway = GatewayServer.publicMode(upstream,
                new PublicAccess(Optional.of(Set.of("echo", "whoami-upstream", "whoami")), RATE_LIMIT), TTL);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void initializeWhenTwoClientsThenEachIsItsOwnAnonymousPrincipal() {
        String first = gateway.initialize("/mcp", null);
        send(gateway.post("/mcp", null, first, call(2, "whoami-upstream")));
        FakeUpstream.Recorded firstCall = upstream.last();
        String second = gateway.initialize("/mcp", null);
        send(gateway.post("/mcp", null, second, call(2, "whoami-upstream")));
        FakeUpstream.Recorded secondCall = upstream.last();

        assertNotEquals(first, second);
        assertNotEquals(firstCall.header("X-MCPAuth-Subject"), secondCall.header("X-MCPAuth-Subject"));
        assertTrue(firstCall.header("X-MCPAuth-Subject").startsWith("anonymous-"));
        assertEquals("true", firstCall.header("X-MCPAuth-Anonymous"));
        assertEquals("anonymous", firstCall.header("X-MCPAuth-Scopes"));
        assertEquals("anonymous", firstCall.header("X-MCPAuth-Client-Id"));
        String claims = GatewayServer.ReadableAssertions.payload(firstCall.header("X-MCPAuth-Assertion"));
        assertTrue(claims.contains("\"anonymous\":true"), claims);
    }

    @Test
    void postWhenSessionIdForgedThenNotFoundAndNothingForwarded() {
        int before = upstream.requests().size();

        HttpResponse<String> post = send(gateway.post("/mcp", null, "upstream-session-1", call(3, "echo")));
        HttpResponse<String> demo = send(gateway.post("/demo/mcp", null, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                call(3, "whoami")));
        HttpResponse<String> get = send(gateway.get("/mcp", null, "upstream-session-1"));

        assertEquals(404, post.statusCode(), post::body);
        assertEquals(404, demo.statusCode(), demo::body);
        assertEquals(404, get.statusCode());
        assertEquals(before, upstream.requests().size());
    }

    @Test
    void postWhenSessionExpiredThenNotFound() {
        GatewayServer ttlGateway = GatewayServer.publicMode(upstream, PublicAccess.unrestricted(), Duration.ofMinutes(5));
        try (ttlGateway) {
            String upstreamSession = ttlGateway.initialize("/mcp", null);
            String demoSession = ttlGateway.initialize("/demo/mcp", null);
            ttlGateway.clock.advance(Duration.ofMinutes(4));
            assertEquals(200, send(ttlGateway.post("/mcp", null, upstreamSession, call(4, "echo"))).statusCode());
            assertEquals(200, send(ttlGateway.post("/demo/mcp", null, demoSession, call(4, "whoami"))).statusCode());

            ttlGateway.clock.advance(Duration.ofMinutes(1));

            assertEquals(404, send(ttlGateway.post("/mcp", null, upstreamSession, call(5, "echo"))).statusCode());
            assertEquals(404, send(ttlGateway.post("/demo/mcp", null, demoSession, call(5, "whoami"))).statusCode());
        }
    }

    @Test
    void postWhenRateLimitExceededThenTooManyRequestsWithRetryAfterUntilTheWindowEnds() {
        String session = gateway.initialize("/demo/mcp", null); // the initialize counts
        for (int i = 2; i <= RATE_LIMIT; i++) {
            assertEquals(200, send(gateway.post("/demo/mcp", null, session, request(i, "ping"))).statusCode());
        }

        HttpResponse<String> limited = send(gateway.post("/demo/mcp", null, session, request(99, "ping")));

        assertEquals(429, limited.statusCode());
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertTrue(limited.body().startsWith("{\"jsonrpc\":\"2.0\",\"id\":99,\"error\":{\"code\":-32029,"),
                limited.body());
        String other = gateway.initialize("/demo/mcp", null);
        assertEquals(200, send(gateway.post("/demo/mcp", null, other, request(2, "ping"))).statusCode(),
                "the limit is per session");
    }

    @Test
    void postWhenRateLimitExceededOnAnUpstreamAppThenTooManyRequestsWithoutForwarding() {
        String session = gateway.initialize("/mcp", null);
        for (int i = 2; i <= RATE_LIMIT; i++) {
            send(gateway.post("/mcp", null, session, call(i, "echo")));
        }
        int before = upstream.requests().size();

        HttpResponse<String> limited = send(gateway.post("/mcp", null, session, call(9, "echo")));

        assertEquals(429, limited.statusCode());
        assertTrue(limited.headers().firstValue("Retry-After").isPresent());
        assertEquals(before, upstream.requests().size());
    }

    @Test
    void toolsListWhenToolsLimitedThenUpstreamListIsFilteredAndStaysSse() {
        String session = gateway.initialize("/mcp", null);

        HttpResponse<String> response = send(gateway.post("/mcp", null, session, request(2, "tools/list")));

        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(null));
        assertTrue(response.body().startsWith("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":2,\"result\":"),
                response.body());
        assertTrue(response.body().contains("\"echo\"") && response.body().contains("\"whoami-upstream\""),
                response.body());
        assertFalse(response.body().contains("secret"), response.body());
    }

    @Test
    void toolsListWhenUpstreamAnswersJsonThenFilteredToo() {
        HttpResponse<String> init = send(gateway.post("/json/mcp", null, null, INITIALIZE));
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();

        HttpResponse<String> response = send(gateway.post("/json/mcp", null, session, request(2, "tools/list")));

        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        assertTrue(response.body().contains("\"echo\""), response.body());
        assertFalse(response.body().contains("secret"), response.body());
    }

    @Test
    void toolsCallWhenToolNotAllowedThenJsonRpcErrorAndNothingForwarded() {
        String session = gateway.initialize("/mcp", null);
        int before = upstream.requests().size();

        HttpResponse<String> response = send(gateway.post("/mcp", null, session, call(6, "secret")));

        assertEquals(200, response.statusCode());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":6,\"error\":{\"code\":-32003,\"message\":\"tool not allowed\"}}",
                response.body());
        assertEquals(before, upstream.requests().size());
    }

    @Test
    void demoAppWhenAnonymousThenWhoamiShowsEachSessionItsOwnAnonymousSubject() {
        String first = gateway.initialize("/demo/mcp", null);
        String second = gateway.initialize("/demo/mcp", null);

        HttpResponse<String> one = send(gateway.post("/demo/mcp", null, first, call(2, "whoami")));
        HttpResponse<String> two = send(gateway.post("/demo/mcp", null, second, call(2, "whoami")));

        assertTrue(one.body().contains("\"anonymous\":true"), one.body());
        assertNotEquals(subject(one.body()), subject(two.body()));
        assertTrue(subject(one.body()).startsWith("anonymous-"));
    }

    @Test
    void demoAppWhenToolNotAllowedThenRefusedAndHidden() {
        GatewayServer strict = GatewayServer.publicMode(upstream,
                new PublicAccess(Optional.of(Set.of("echo")), 0), TTL);
        try (strict) {
            String session = strict.initialize("/demo/mcp", null);

            HttpResponse<String> list = send(strict.post("/demo/mcp", null, session, request(2, "tools/list")));
            HttpResponse<String> whoami = send(strict.post("/demo/mcp", null, session, call(3, "whoami")));

            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[]}}", list.body());
            assertTrue(whoami.body().contains("\"code\":-32003"), whoami.body());
        }
    }

    @Test
    void deleteWhenAnonymousSessionThenEndedForItsHolder() {
        String upstreamSession = gateway.initialize("/mcp", null);
        String demoSession = gateway.initialize("/demo/mcp", null);

        assertEquals(200, send(gateway.delete("/mcp", null, upstreamSession)).statusCode());
        assertEquals(204, send(gateway.delete("/demo/mcp", null, demoSession)).statusCode());

        assertEquals(404, send(gateway.post("/mcp", null, upstreamSession, call(2, "echo"))).statusCode());
        assertEquals(404, send(gateway.post("/demo/mcp", null, demoSession, call(2, "whoami"))).statusCode());
    }

    @Test
    void postWhenBatchInPublicModeThenRefused() {
        String session = gateway.initialize("/mcp", null);

        HttpResponse<String> response = send(gateway.post("/mcp", null, session,
                "[" + call(2, "secret") + "," + call(3, "echo") + "]"));

        assertEquals(400, response.statusCode());
    }

    private static String subject(String body) {
        Matcher m = SUBJECT.matcher(body);
        assertTrue(m.find(), body);
        return m.group(1);
    }
}
