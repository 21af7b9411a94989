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

/**
 * Token revocation (RFC 7009): 200 for any token, known or not (§2.2); revoking a refresh token or an access token
 * ends the whole grant, so neither its refresh token nor its access tokens work afterwards.
 */
class RevocationEndpointTest {
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
    void revokeWhenRefreshTokenThenOkAndGrantEnded() {
        Tokens tokens = flow.tokens(client);
        assertEquals(200, mcp.initialize(tokens.accessToken()).statusCode());

        HttpResponse<String> response = revoke(client, tokens.refreshToken(), "refresh_token");

        assertEquals(200, response.statusCode(), response::body);
        assertEquals("no-store", Http.requiredHeader(response, "Cache-Control"));
        assertOAuthError(flow.refresh(client, tokens.refreshToken()), 400, "invalid_grant");
        assertEquals(401, mcp.initialize(tokens.accessToken()).statusCode());
    }

    @Test
    void revokeWhenAccessTokenThenOkAndGrantEnded() {
        Tokens tokens = flow.tokens(client);
        // used once before, so that its signature is remembered as verified
        assertEquals(200, mcp.initialize(tokens.accessToken()).statusCode());

        HttpResponse<String> response = revoke(client, tokens.accessToken(), "access_token");

        assertEquals(200, response.statusCode(), response::body);
        assertEquals(401, mcp.initialize(tokens.accessToken()).statusCode());
        assertOAuthError(flow.refresh(client, tokens.refreshToken()), 400, "invalid_grant");
    }

    @Test
    void revokeWhenTokenUnknownThenOk() {
        HttpResponse<String> response = revoke(client, "not-a-token-this-server-issued", null);

        assertEquals(200, response.statusCode(), response::body);
    }

    @Test
    void revokeWhenTokenOfAnotherClientThenOkButTokenKeepsWorking() {
        Tokens tokens = flow.tokens(client);
        Client other = flow.registerPublicClient();

        HttpResponse<String> response = revoke(other, tokens.refreshToken(), "refresh_token");

        assertEquals(200, response.statusCode(), response::body);
        assertEquals(200, flow.refresh(client, tokens.refreshToken()).statusCode());
    }

    @Test
    void revokeWhenTokenTypeHintUnsupportedThenUnsupportedTokenType() {
        Tokens tokens = flow.tokens(client);

        HttpResponse<String> response = revoke(client, tokens.refreshToken(), "id_token");

        assertOAuthError(response, 400, "unsupported_token_type");
        assertEquals(200, flow.refresh(client, tokens.refreshToken()).statusCode());
    }

    @Test
    void revokeWhenTokenMissingThenInvalidRequest() {
        assertOAuthError(flow.http().postForm("/oauth/revoke", Form.of("client_id", client.clientId())), 400,
                "invalid_request");
    }

    @Test
    void revokeWhenClientUnknownThenInvalidClient() {
        HttpResponse<String> response = revoke(Client.publicClient("no-such-client", OAuthFlow.REDIRECT_URI),
                "some-token", null);

        assertOAuthError(response, 401, "invalid_client");
    }

    private static HttpResponse<String> revoke(Client as, String token, String hint) {
        return flow.http().postForm("/oauth/revoke", Form.of("client_id", as.clientId(), "token", token)
                .add("token_type_hint", hint));
    }
}
