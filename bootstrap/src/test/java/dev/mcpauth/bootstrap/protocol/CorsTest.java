package dev.mcpauth.bootstrap.protocol;

import dev.mcpauth.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Browser-based MCP clients (the MCP Inspector) call the token and MCP endpoints from their own origin. */
class CorsTest {
    private static final String ORIGIN = "http://localhost:6274";
    private static TestServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServer.orchestratedLocal();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void preflightWhenTokenEndpointThenPostAllowedForTheOrigin() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/oauth/token"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals(ORIGIN, response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertTrue(response.headers().firstValue("Access-Control-Allow-Methods").orElseThrow().contains("POST"));
    }

    @Test
    void mcpWhenUnauthorizedFromBrowserThenChallengeIsReadable() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.mcpUrl()))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Origin", ORIGIN)
                .header("Content-Type", "application/json")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(401, response.statusCode());
        assertEquals(ORIGIN, response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertTrue(response.headers().allValues("Access-Control-Expose-Headers").toString()
                .contains("WWW-Authenticate"), response.headers().toString());
    }
}
