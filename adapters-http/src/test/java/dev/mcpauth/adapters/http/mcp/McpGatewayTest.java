package dev.mcpauth.adapters.http.mcp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.mcpauth.adapters.http.mcp.GatewayServer.ALICE;
import static dev.mcpauth.adapters.http.mcp.GatewayServer.BOB;
import static dev.mcpauth.adapters.http.mcp.GatewayServer.INITIALIZE;
import static dev.mcpauth.adapters.http.mcp.GatewayServer.call;
import static dev.mcpauth.adapters.http.mcp.GatewayServer.request;
import static dev.mcpauth.adapters.http.mcp.GatewayServer.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway in front of a scripted upstream, with bearer authentication (orchestrated mode): forwarding with
 * Streamable HTTP semantics, identity instead of tokens, session binding, and upstream failures.
 */
class McpGatewayTest {
    private static FakeUpstream upstream;
    private static GatewayServer gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = new FakeUpstream();
        gateway = GatewayServer.orchestrated(upstream);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @BeforeEach
    void freshSlowLatch() {
        upstream.resetSlow();
    }

    @Test
    void initializeWhenAuthenticatedThenRelaysTheUpstreamAnswerAndSessionId() {
        HttpResponse<String> response = send(gateway.post("/mcp", ALICE, null, INITIALIZE));

        assertEquals(200, response.statusCode(), response::body);
        assertTrue(response.headers().firstValue("Mcp-Session-Id").orElse("").startsWith("upstream-session-"));
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(null));
        assertEquals("fake", response.headers().firstValue("X-Upstream").orElse(null));
        assertTrue(response.body().startsWith("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":"),
                response.body());
    }

    @Test
    void initializeWhenPathHasTrailingSlashThenForwardedLikeTheAppPath() {
        HttpResponse<String> response = send(gateway.post("/mcp/", ALICE, null, INITIALIZE));

        assertEquals(200, response.statusCode(), response::body);
        assertEquals("/mcp", upstream.last().path());
    }

    @Test
    void postWhenForwardedThenUpstreamGetsIdentityAndAssertionButNeverTheToken() {
        String session = gateway.initialize("/mcp", ALICE);

        HttpResponse<String> response = send(gateway.post("/mcp", ALICE, session, call(5, "echo"))
                .header("MCP-Protocol-Version", "2025-06-18")
                .header("Cookie", "secret=1"));

        assertEquals(200, response.statusCode(), response::body);
        assertTrue(response.body().contains("echo called"), response.body());
        FakeUpstream.Recorded forwarded = upstream.last();
        assertEquals("alice", forwarded.header("X-MCPAuth-Subject"));
        assertEquals("client-a", forwarded.header("X-MCPAuth-Client-Id"));
        assertEquals("mcp", forwarded.header("X-MCPAuth-Scopes"));
        assertEquals("false", forwarded.header("X-MCPAuth-Anonymous"));
        assertEquals(session, forwarded.header("Mcp-Session-Id"));
        assertEquals("2025-06-18", forwarded.header("MCP-Protocol-Version"));
        assertEquals("application/json, text/event-stream", forwarded.header("Accept"));
        assertEquals("application/json", forwarded.header("Content-Type"));
        assertNull(forwarded.header("Authorization"), "no token passthrough");
        assertNull(forwarded.header("Cookie"));
        String claims = GatewayServer.ReadableAssertions.payload(forwarded.header("X-MCPAuth-Assertion"));
        assertTrue(claims.contains("\"iss\":\"" + gateway.baseUrl + "\""), claims);
        assertTrue(claims.contains("\"aud\":\"" + upstream.url("/mcp") + "\""), claims);
        assertTrue(claims.contains("\"sub\":\"alice\""), claims);
        assertTrue(claims.contains("\"iat\":" + GatewayServer.START.getEpochSecond()), claims);
        assertTrue(claims.contains("\"exp\":" + (GatewayServer.START.getEpochSecond() + 60)), claims);
    }

    @Test
    void postWhenTheAppSendsOnlyTheAssertionThenNoPlainIdentityHeadersEvenIfTheClientSentThem() {
        String session = gateway.initialize("/assertion/mcp", ALICE);

        HttpResponse<String> response = send(gateway.post("/assertion/mcp", ALICE, session, call(5, "echo"))
                .header("X-MCPAuth-Subject", "mallory"));

        assertEquals(200, response.statusCode(), response::body);
        FakeUpstream.Recorded forwarded = upstream.last();
        assertEquals(session, forwarded.header("Mcp-Session-Id"));
        for (String plain : List.of("X-MCPAuth-Subject", "X-MCPAuth-Client-Id", "X-MCPAuth-Scopes",
                "X-MCPAuth-Anonymous")) {
            assertNull(forwarded.header(plain), plain);
        }
        String claims = GatewayServer.ReadableAssertions.payload(forwarded.header("X-MCPAuth-Assertion"));
        assertTrue(claims.contains("\"sub\":\"alice\""), claims);
        assertTrue(claims.contains("\"aud\":\"" + upstream.url("/mcp") + "\""), claims);
    }

    @Test
    void postWhenTheAppSendsOnlyTheHeadersThenNoAssertion() {
        String session = gateway.initialize("/headers/mcp", ALICE);

        HttpResponse<String> response = send(gateway.post("/headers/mcp", ALICE, session, call(5, "echo")));

        assertEquals(200, response.statusCode(), response::body);
        FakeUpstream.Recorded forwarded = upstream.last();
        assertEquals("alice", forwarded.header("X-MCPAuth-Subject"));
        assertEquals("client-a", forwarded.header("X-MCPAuth-Client-Id"));
        assertEquals("mcp", forwarded.header("X-MCPAuth-Scopes"));
        assertEquals("false", forwarded.header("X-MCPAuth-Anonymous"));
        assertNull(forwarded.header("X-MCPAuth-Assertion"));
        assertNull(forwarded.header("Authorization"), "no token passthrough");
    }

    @Test
    void postWhenSameCallerAgainThenTheSameAssertionAndAnotherCallerGetsAnother() {
        String alices = gateway.initialize("/mcp", ALICE);
        String first = upstream.last().header("X-MCPAuth-Assertion");
        String bobs = gateway.initialize("/mcp", BOB);

        send(gateway.post("/mcp", ALICE, alices, call(7, "echo")));
        String again = upstream.last().header("X-MCPAuth-Assertion");
        send(gateway.post("/mcp", BOB, bobs, call(8, "echo")));
        String bobsAssertion = upstream.last().header("X-MCPAuth-Assertion");

        assertEquals(first, again, "the clock stands still: well within the assertion's first 30 seconds");
        assertNotEquals(first, bobsAssertion);
        assertTrue(GatewayServer.ReadableAssertions.payload(bobsAssertion).contains("\"sub\":\"bob\""));
    }

    @Test
    void postWhenHalfTheAssertionLifetimeIsOverThenTheUpstreamGetsAFreshOne() {
        try (GatewayServer own = GatewayServer.orchestrated(upstream)) {
            String session = own.initialize("/mcp", ALICE);
            String first = upstream.last().header("X-MCPAuth-Assertion");
            own.clock.advance(Duration.ofSeconds(29));
            send(own.post("/mcp", ALICE, session, call(9, "echo")));
            String within = upstream.last().header("X-MCPAuth-Assertion");

            own.clock.advance(Duration.ofSeconds(1));
            send(own.post("/mcp", ALICE, session, call(10, "echo")));
            String fresh = upstream.last().header("X-MCPAuth-Assertion");

            assertEquals(first, within);
            assertNotEquals(first, fresh);
            String claims = GatewayServer.ReadableAssertions.payload(fresh);
            long issuedAt = GatewayServer.START.getEpochSecond() + 30;
            assertTrue(claims.contains("\"iat\":" + issuedAt + ","), claims);
            assertTrue(claims.contains("\"exp\":" + (issuedAt + 60) + ","), claims);
        }
    }

    @Test
    void postWhenClientSendsIdentityHeadersThenTheyNeverReachTheUpstream() {
        String session = gateway.initialize("/mcp", ALICE);

        send(gateway.post("/mcp", ALICE, session, call(6, "whoami-upstream"))
                .header("X-MCPAuth-Subject", "mallory")
                .header("X-MCPAuth-Anonymous", "true")
                .header("X-MCPAuth-Admin", "yes")
                .header("X-MCPAuth-Assertion", "forged"));

        FakeUpstream.Recorded forwarded = upstream.last();
        assertEquals("alice", forwarded.header("X-MCPAuth-Subject"));
        assertEquals("false", forwarded.header("X-MCPAuth-Anonymous"));
        assertNull(forwarded.header("X-MCPAuth-Admin"));
        assertFalse(forwarded.header("X-MCPAuth-Assertion").contains("forged"));
    }

    @Test
    void postWhenUpstreamStreamsThenEachEventReachesTheClientWhileTheStreamIsOpen() throws Exception {
        String session = gateway.initialize("/mcp", ALICE);

        HttpResponse<InputStream> response = send(gateway.post("/mcp", ALICE, session, call(7, "slow")),
                HttpResponse.BodyHandlers.ofInputStream());

        assertEquals(200, response.statusCode());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String progress = nextData(lines);
            // The upstream holds the result back until the test has seen the progress event: so it was relayed
            // while the upstream kept the stream open, not buffered.
            assertTrue(progress.contains("notifications/progress"), progress);
            upstream.releaseSlow();
            String result = nextData(lines);
            assertTrue(result.contains("slow done") && result.contains("\"id\":7"), result);
            assertEquals("", lines.readLine());
            assertNull(lines.readLine(), "the stream ends after the response");
        }
    }

    @Test
    void postWhenTheUpstreamAnswerHasAllArrivedThenItIsSentWithItsLength() {
        // the JSON upstream writes its fixed-length body in one write, so it always arrives whole
        String session = gateway.initialize("/json/mcp", ALICE);

        HttpResponse<String> response = send(gateway.post("/json/mcp", ALICE, session, call(8, "echo")));

        assertEquals(200, response.statusCode(), response::body);
        assertTrue(response.body().contains("\"id\":8"), response.body());
        assertEquals(String.valueOf(response.body().getBytes(StandardCharsets.UTF_8).length),
                response.headers().firstValue("Content-Length").orElse(null));
        assertTrue(response.headers().firstValue("Transfer-Encoding").isEmpty());
    }

    @Test
    void postWhenTheUpstreamIsStillSendingThenTheAnswerIsStreamedInChunks() throws Exception {
        String session = gateway.initialize("/mcp", ALICE);

        HttpResponse<InputStream> response = send(gateway.post("/mcp", ALICE, session, call(9, "slow")),
                HttpResponse.BodyHandlers.ofInputStream());
        upstream.releaseSlow();

        assertEquals("chunked", response.headers().firstValue("Transfer-Encoding").orElse(null));
        assertTrue(response.headers().firstValue("Content-Length").isEmpty());
        try (InputStream body = response.body()) {
            String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.contains("slow done") && text.contains("\"id\":9"), text);
        }
    }

    @Test
    void getWhenSessionOwnedThenTheUpstreamStreamPassesThroughWithLastEventId() throws Exception {
        String session = gateway.initialize("/mcp", ALICE);

        HttpResponse<InputStream> response = send(gateway.get("/mcp", ALICE, session).header("Last-Event-ID", "6"),
                HttpResponse.BodyHandlers.ofInputStream());

        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(null));
        try (InputStream body = response.body();
             BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            assertEquals("id: 7", lines.readLine());
            assertEquals("event: message", lines.readLine());
            String data = lines.readLine();
            assertTrue(data.contains("resumed after 6"), data);
        }
        assertEquals("GET", upstream.last().method());
        assertEquals("6", upstream.last().header("Last-Event-ID"));
    }

    @Test
    void getWhenUpstreamStreamIsQuietThenTheHeadersReachTheClientAtOnce() throws Exception {
        String session = gateway.initialize("/quiet/mcp", ALICE);
        long started = System.nanoTime();

        HttpResponse<InputStream> response = send(gateway.get("/quiet/mcp", ALICE, session),
                HttpResponse.BodyHandlers.ofInputStream());

        long millis = (System.nanoTime() - started) / 1_000_000;
        try (InputStream body = response.body()) {
            assertEquals(200, response.statusCode());
            assertTrue(millis < FakeUpstream.QUIET.toMillis(),
                    "the headers waited " + millis + " ms for the stream's first event");
        }
    }

    @Test
    void deleteWhenSessionOwnedThenUpstreamEndsItAndTheGatewayForgetsIt() {
        String session = gateway.initialize("/mcp", ALICE);

        HttpResponse<String> deleted = send(gateway.delete("/mcp", ALICE, session));
        int forwardedBefore = upstream.requests().size();
        HttpResponse<String> after = send(gateway.post("/mcp", ALICE, session, request(8, "tools/list")));

        assertEquals(200, deleted.statusCode());
        assertEquals(404, after.statusCode());
        assertEquals(forwardedBefore, upstream.requests().size(), "an ended session is refused at the gateway");
    }

    @Test
    void postWhenSessionOfAnotherPrincipalThenNotFoundAndNothingForwarded() {
        String alices = gateway.initialize("/mcp", ALICE);
        int before = upstream.requests().size();

        HttpResponse<String> post = send(gateway.post("/mcp", BOB, alices, call(9, "echo")));
        HttpResponse<String> get = send(gateway.get("/mcp", BOB, alices));
        HttpResponse<String> delete = send(gateway.delete("/mcp", BOB, alices));

        assertEquals(404, post.statusCode());
        assertTrue(post.body().contains("\"id\":9") && post.body().contains("session not found"), post.body());
        assertEquals(404, get.statusCode());
        assertEquals(404, delete.statusCode());
        assertEquals(before, upstream.requests().size());
        assertEquals(200, send(gateway.post("/mcp", ALICE, alices, call(10, "echo"))).statusCode(),
                "the owner's session survives");
    }

    @Test
    void postWhenSessionUnknownThenNotFound() {
        HttpResponse<String> response = send(gateway.post("/mcp", ALICE, "upstream-session-999", call(11, "echo")));

        assertEquals(404, response.statusCode());
    }

    @Test
    void postWhenNoTokenThenUnauthorizedBeforeAnythingIsForwarded() {
        int before = upstream.requests().size();

        HttpResponse<String> response = send(gateway.post("/mcp", null, null, INITIALIZE));

        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").contains("resource_metadata="));
        assertEquals(before, upstream.requests().size());
    }

    @Test
    void postWhenUpstreamDownThenBadGatewayWithJsonRpcError() {
        HttpResponse<String> response = send(gateway.post("/down/mcp", ALICE, null, INITIALIZE));

        assertEquals(502, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603,"
                + "\"message\":\"upstream MCP server unavailable\"}}", response.body());
    }

    @Test
    void postWhenUpstreamSendsNoHeadersWithinTheReadTimeoutThenGatewayTimeoutQuickly() {
        long started = System.nanoTime();

        HttpResponse<String> response = send(gateway.post("/late/mcp", ALICE, null, INITIALIZE));

        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(504, response.statusCode(), response::body);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32001,"
                + "\"message\":\"upstream MCP server timed out\"}}", response.body());
        assertTrue(millis < FakeUpstream.LATE.toMillis(), "answered after " + millis + " ms");
    }

    @Test
    void postWhenUpstreamSendsHeadersAndThenNothingThenGatewayTimeout() {
        String session = gateway.initialize("/mcp", ALICE);

        HttpResponse<String> response = send(gateway.post("/mcp", ALICE, session, call(12, "hang")));

        assertEquals(504, response.statusCode(), response::body);
        assertTrue(response.body().contains("\"id\":12") && response.body().contains("-32001"), response.body());
    }

    @Test
    void postWhenUpstreamFallsSilentMidStreamThenTheStreamEndsWithAJsonRpcErrorEvent() throws Exception {
        String session = gateway.initialize("/mcp", ALICE);

        HttpResponse<InputStream> response = send(gateway.post("/mcp", ALICE, session, call(13, "stall")),
                HttpResponse.BodyHandlers.ofInputStream());

        assertEquals(200, response.statusCode());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertTrue(nextData(lines).contains("notifications/progress"));
            String error = nextData(lines);
            assertEquals("data: {\"jsonrpc\":\"2.0\",\"id\":13,\"error\":{\"code\":-32001,"
                    + "\"message\":\"upstream MCP server timed out\"}}", error);
            assertEquals("", lines.readLine());
            assertNull(lines.readLine());
        }
    }

    @Test
    void postWhenUpstreamRefusesTheGatewayThenBadGatewayWithoutItsChallenge() {
        HttpResponse<String> response = send(gateway.post("/refuse/mcp", ALICE, null, INITIALIZE));

        assertEquals(502, response.statusCode(), response::body);
        assertTrue(response.headers().firstValue("WWW-Authenticate").isEmpty());
        assertTrue(response.body().contains("-32603"), response.body());
    }

    @Test
    void postWhenUpstreamAnswersJsonThenRelayedWithoutHopByHopHeaders() {
        HttpResponse<String> response = send(gateway.post("/json/mcp", ALICE, null, INITIALIZE));

        assertEquals(200, response.statusCode(), response::body);
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        assertTrue(response.body().startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":"), response.body());
        assertEquals("json", response.headers().firstValue("X-Upstream").orElse(null));
        assertTrue(response.headers().firstValue("X-Hop").isEmpty(), "named in Connection: hop-by-hop");
    }

    @Test
    void postWhenAppForwardsTokensThenUpstreamGetsTheAuthorizationHeader() {
        gateway.initialize("/forward/mcp", ALICE);

        assertEquals("Bearer " + ALICE, upstream.last().header("Authorization"));
        assertEquals("alice", upstream.last().header("X-MCPAuth-Subject"));
    }

    @Test
    void postWhenAuthenticatedThenNoToolLimitsApply() {
        String session = gateway.initialize("/mcp", ALICE);

        HttpResponse<String> list = send(gateway.post("/mcp", ALICE, session, request(14, "tools/list")));

        assertTrue(list.body().contains("\"secret\""), list.body());
    }

    @Test
    void postWhenBodyIsNotJsonThenParseErrorWithoutForwarding() {
        int before = upstream.requests().size();

        HttpResponse<String> response = send(gateway.post("/mcp", ALICE, null, "not json"));

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("-32700"), response.body());
        assertEquals(before, upstream.requests().size());
    }

    /** The next {@code data:} line of an SSE stream. */
    static String nextData(BufferedReader lines) throws Exception {
        List<String> seen = new ArrayList<>();
        for (String line; (line = lines.readLine()) != null; ) {
            if (line.startsWith("data:")) {
                return line;
            }
            seen.add(line);
        }
        throw new AssertionError("the stream ended without another event; lines: " + seen);
    }
}
