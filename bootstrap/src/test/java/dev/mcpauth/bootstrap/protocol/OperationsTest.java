package dev.mcpauth.bootstrap.protocol;

import dev.mcpauth.bootstrap.support.Form;
import dev.mcpauth.bootstrap.support.McpCalls;
import dev.mcpauth.bootstrap.support.OAuthFlow;
import dev.mcpauth.bootstrap.support.OAuthFlow.Client;
import dev.mcpauth.bootstrap.support.OAuthFlow.Tokens;
import dev.mcpauth.bootstrap.support.TestJson;
import dev.mcpauth.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /health} and {@code /metrics} as an operator's probes and Prometheus see them. */
class OperationsTest {
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
    void healthWhenStorageAndKeysFineThenUpWithTheirStatus() {
        HttpResponse<String> response = flow.http().get("/health");

        assertEquals(200, response.statusCode(), response::body);
        Map<String, Object> body = TestJson.object(response.body());
        assertEquals("UP", body.get("status"));
        Map<?, ?> components = (Map<?, ?>) body.get("components");
        assertEquals("memory", ((Map<?, ?>) components.get("storage")).get("type"));
        Map<?, ?> keys = (Map<?, ?>) components.get("signing-keys");
        assertEquals("UP", keys.get("status"));
        assertEquals("ES256", keys.get("algorithm"));
    }

    @Test
    void metricsWhenTrafficThenTokensErrorsAndGatewayRequestsAreCounted() {
        Client client = flow.registerPublicClient();
        Tokens tokens = flow.tokens(client);
        flow.refresh(client, tokens.refreshToken());
        flow.http().postForm("/oauth/token", Form.of("grant_type", "password", "client_id", client.clientId()));
        new McpCalls(flow.http()).initialize(tokens.accessToken());
        new McpCalls(flow.http()).initialize(null);

        HttpResponse<String> response = flow.http().get("/metrics");

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        String text = response.body();
        assertTrue(text.contains("mcpauth_tokens_issued_total{grant_type=\"authorization_code\"}"), text);
        assertTrue(text.contains("mcpauth_tokens_issued_total{grant_type=\"refresh_token\"}"), text);
        assertTrue(text.contains("mcpauth_oauth_errors_total{error=\"unsupported_grant_type\"}"), text);
        assertTrue(text.contains("mcpauth_gateway_requests_seconds_count{app=\"demo\",method=\"POST\",status=\"200\"}"),
                text);
        assertTrue(text.contains("mcpauth_gateway_requests_seconds_count{app=\"demo\",method=\"POST\",status=\"401\"}"),
                text);
        assertFalse(text.contains(tokens.accessToken()) || text.contains(tokens.refreshToken()), "a token leaked");
    }
}
