package dev.mcpauth.bootstrap.protocol;

import dev.mcpauth.bootstrap.support.Http;
import dev.mcpauth.bootstrap.support.OAuthFlow;
import dev.mcpauth.bootstrap.support.OAuthFlow.Client;
import dev.mcpauth.bootstrap.support.OAuthFlow.Tokens;
import dev.mcpauth.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static dev.mcpauth.bootstrap.support.Http.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The userinfo endpoint (OpenID Connect Core §5.3): claims by scope, for a valid bearer token only. */
class UserInfoEndpointTest {
    private static TestServer server;
    private static OAuthFlow flow;
    private static Client client;

    @BeforeAll
    static void start() {
        server = TestServer.orchestratedLocal();
        flow = new OAuthFlow(server);
        client = flow.registerPublicClient();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void userInfoWhenNoTokenThenUnauthorizedWithBearerChallenge() {
        HttpResponse<String> response = flow.http().get("/oauth/userinfo");

        assertOAuthError(response, 401, "invalid_token");
        String challenge = Http.requiredHeader(response, "WWW-Authenticate");
        assertTrue(challenge.startsWith("Bearer"), challenge);
        // RFC 6750 §3.1: no error code when the request carried no credentials
        assertFalse(challenge.contains("error="), challenge);
    }

    @Test
    void userInfoWhenTokenGarbageThenInvalidToken() {
        HttpResponse<String> response = flow.http().get("/oauth/userinfo", "Authorization", Http.bearer("garbage"));

        assertOAuthError(response, 401, "invalid_token");
        assertTrue(Http.requiredHeader(response, "WWW-Authenticate").contains("error=\"invalid_token\""));
    }

    @Test
    void userInfoWhenProfileAndEmailScopesThenReturnsProfile() {
        Tokens tokens = flow.tokens(flow.authorizeRequest(client).set("scope", "mcp profile email"));

        HttpResponse<String> response = flow.http().get("/oauth/userinfo",
                "Authorization", Http.bearer(tokens.accessToken()));

        assertEquals(200, response.statusCode(), response::body);
        assertEquals("no-store", Http.requiredHeader(response, "Cache-Control"));
        assertEquals(Map.of("sub", "alice", "preferred_username", "alice", "name", "Alice",
                "email", "alice@example.com"), Http.json(response));
    }

    @Test
    void userInfoWhenOnlyMcpScopeThenReturnsSubjectOnly() {
        Tokens tokens = flow.tokens(client);

        HttpResponse<String> response = flow.http().post("/oauth/userinfo", null, "",
                "Authorization", Http.bearer(tokens.accessToken()));

        assertEquals(200, response.statusCode(), response::body);
        assertEquals(Map.of("sub", "alice"), Http.json(response));
    }
}
