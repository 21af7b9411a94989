package dev.mcpauth.bootstrap.protocol;

import dev.mcpauth.bootstrap.support.Form;
import dev.mcpauth.bootstrap.support.Http;
import dev.mcpauth.bootstrap.support.OAuthFlow;
import dev.mcpauth.bootstrap.support.OAuthFlow.Client;
import dev.mcpauth.bootstrap.support.OAuthFlow.Tokens;
import dev.mcpauth.bootstrap.support.TestJson;
import dev.mcpauth.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static dev.mcpauth.bootstrap.support.Http.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Token introspection (RFC 7662): active tokens of the calling client with their claims; everything else
 * {@code {"active": false}}, revealing nothing more.
 */
class IntrospectionEndpointTest {
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
    void introspectWhenAccessTokenActiveThenClaims() {
        Tokens tokens = flow.tokens(client);

        Map<String, Object> body = active(introspect(client, tokens.accessToken()));

        assertEquals("Bearer", body.get("token_type"));
        assertEquals(client.clientId(), body.get("client_id"));
        assertEquals(TestServer.USERNAME, body.get("sub"));
        assertEquals("mcp", body.get("scope"));
        assertEquals(List.of(server.mcpUrl()), body.get("aud"));
        assertEquals(server.baseUrl(), body.get("iss"));
    }

    @Test
    void introspectWhenRefreshTokenCurrentThenActiveAndAfterRotationInactive() {
        Tokens tokens = flow.tokens(client);
        assertEquals("refresh_token", active(introspect(client, tokens.refreshToken())).get("token_type"));

        assertEquals(200, flow.refresh(client, tokens.refreshToken()).statusCode());

        assertInactive(introspect(client, tokens.refreshToken()));
    }

    @Test
    void introspectWhenGrantRevokedThenAccessTokenInactive() {
        Tokens tokens = flow.tokens(client);
        assertEquals(200, flow.http().postForm("/oauth/revoke", Form.of("client_id", client.clientId(),
                "token", tokens.refreshToken())).statusCode());

        assertInactive(introspect(client, tokens.accessToken()));
    }

    @Test
    void introspectWhenTokenOfAnotherClientThenInactive() {
        Tokens tokens = flow.tokens(client);

        assertInactive(introspect(flow.registerPublicClient(), tokens.accessToken()));
    }

    @Test
    void introspectWhenGarbageThenInactive() {
        assertInactive(introspect(client, "garbage"));
    }

    @Test
    void introspectWhenClientUnknownThenInvalidClient() {
        assertOAuthError(introspect(Client.publicClient("nobody", OAuthFlow.REDIRECT_URI), "x"), 401,
                "invalid_client");
    }

    @Test
    void metadataWhenFetchedThenAdvertisesIntrospection() {
        Map<String, Object> metadata = TestJson.object(
                flow.http().get("/.well-known/oauth-authorization-server").body());
        assertEquals(server.baseUrl() + "/oauth/introspect", metadata.get("introspection_endpoint"));
    }

    private static HttpResponse<String> introspect(Client as, String token) {
        return flow.http().postForm("/oauth/introspect", Form.of("client_id", as.clientId(), "token", token));
    }

    private static Map<String, Object> active(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response::body);
        assertEquals("no-store", Http.requiredHeader(response, "Cache-Control"));
        Map<String, Object> body = TestJson.object(response.body());
        assertEquals(Boolean.TRUE, body.get("active"), response.body());
        return body;
    }

    private static void assertInactive(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response::body);
        assertEquals(Map.of("active", false), TestJson.object(response.body()));
    }
}
