package dev.mcpauth.bootstrap.protocol;

import dev.mcpauth.bootstrap.support.Form;
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

import static dev.mcpauth.bootstrap.support.Http.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The refresh_token grant (OAuth 2.1 §4.3) with rotation: every use yields a new refresh token, and presenting a
 * rotated one revokes the whole family (RFC 9700 §4.14.2), including access tokens already issued from it.
 */
class RefreshTokenTest {
    private static TestServer server;
    private static OAuthFlow flow;
    private static Client client;
    private static McpCalls mcp;

    @BeforeAll
    static void start() {
        server = TestServer.orchestratedLocal();
        flow = new OAuthFlow(server);
        client = flow.registerPublicClient();
        mcp = new McpCalls(flow.http());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void refreshWhenTokenValidThenRotatesItAndIssuesWorkingAccessToken() {
        Tokens first = flow.tokens(client);

        HttpResponse<String> response = flow.refresh(client, first.refreshToken());

        Tokens second = Tokens.of(response);
        assertTrue(second.refreshToken() != null && !second.refreshToken().isBlank(), response.body());
        assertNotEquals(first.refreshToken(), second.refreshToken());
        assertNotEquals(first.accessToken(), second.accessToken());
        assertEquals("mcp", second.body().get("scope"));
        assertEquals(200, mcp.initialize(second.accessToken()).statusCode());
        Tokens third = Tokens.of(flow.refresh(client, second.refreshToken()));
        assertNotEquals(second.refreshToken(), third.refreshToken());
    }

    @Test
    void refreshWhenRotatedTokenReusedThenInvalidGrantAndFamilyRevoked() {
        Tokens first = flow.tokens(client);
        Tokens second = Tokens.of(flow.refresh(client, first.refreshToken()));
        assertEquals(200, mcp.initialize(second.accessToken()).statusCode());

        HttpResponse<String> reuse = flow.refresh(client, first.refreshToken());

        assertOAuthError(reuse, 400, "invalid_grant");
        assertOAuthError(flow.refresh(client, second.refreshToken()), 400, "invalid_grant");
        HttpResponse<String> mcpResponse = mcp.initialize(second.accessToken());
        assertEquals(401, mcpResponse.statusCode(), mcpResponse::body);
        assertTrue(Http.requiredHeader(mcpResponse, "WWW-Authenticate").contains("error=\"invalid_token\""));
    }

    @Test
    void refreshWhenScopeNarrowedThenIssuedWithNarrowerScope() {
        Tokens first = flow.tokens(flow.authorizeRequest(client).set("scope", "mcp profile"));
        assertEquals("mcp profile", first.body().get("scope"));

        HttpResponse<String> response = flow.token(client, Form.of("grant_type", "refresh_token",
                "refresh_token", first.refreshToken(), "scope", "mcp"));

        assertEquals("mcp", Tokens.of(response).body().get("scope"));
    }

    @Test
    void refreshWhenScopeWidenedThenInvalidScope() {
        Tokens first = flow.tokens(client);

        HttpResponse<String> response = flow.token(client, Form.of("grant_type", "refresh_token",
                "refresh_token", first.refreshToken(), "scope", "mcp email"));

        assertOAuthError(response, 400, "invalid_scope");
    }

    @Test
    void refreshWhenTokenOfAnotherClientThenInvalidGrant() {
        Tokens first = flow.tokens(client);
        Client other = flow.registerPublicClient();

        assertOAuthError(flow.refresh(other, first.refreshToken()), 400, "invalid_grant");
        // the owner's token still works: another client's attempt is no reuse of it
        assertEquals(200, flow.refresh(client, first.refreshToken()).statusCode());
    }

    @Test
    void refreshWhenTokenUnknownThenInvalidGrant() {
        assertOAuthError(flow.refresh(client, "not-a-refresh-token"), 400, "invalid_grant");
    }

    @Test
    void refreshWhenTokenMissingThenInvalidRequest() {
        assertOAuthError(flow.token(client, Form.of("grant_type", "refresh_token")), 400, "invalid_request");
    }

    @Test
    void refreshWhenCodeVerifierGivenThenInvalidRequest() {
        Tokens first = flow.tokens(client);

        HttpResponse<String> response = flow.token(client, Form.of("grant_type", "refresh_token",
                "refresh_token", first.refreshToken(), "code_verifier", OAuthFlow.Pkce.create().verifier()));

        assertOAuthError(response, 400, "invalid_request");
        assertEquals(200, flow.refresh(client, first.refreshToken()).statusCode());
    }
}
