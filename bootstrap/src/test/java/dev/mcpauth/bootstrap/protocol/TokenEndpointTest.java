package dev.mcpauth.bootstrap.protocol;

import dev.mcpauth.bootstrap.support.Form;
import dev.mcpauth.bootstrap.support.Http;
import dev.mcpauth.bootstrap.support.McpCalls;
import dev.mcpauth.bootstrap.support.OAuthFlow;
import dev.mcpauth.bootstrap.support.OAuthFlow.AuthorizeRequest;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The token endpoint's authorization_code grant (OAuth 2.1 §4.1.3, §3.2): PKCE, single-use codes, grant types,
 * request syntax. Every answer, success or error, carries {@code Cache-Control: no-store}.
 */
class TokenEndpointTest {
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
    void tokenWhenCodeAndVerifierValidThenIssuesBearerAndRefreshTokens() {
        AuthorizeRequest request = flow.authorizeRequest(client);

        HttpResponse<String> response = flow.exchange(request, flow.code(request));

        Tokens tokens = Tokens.of(response);
        assertEquals("no-cache", Http.requiredHeader(response, "Pragma"));
        assertTrue(tokens.accessToken().split("\\.").length == 3, "a JWS compact serialization");
        assertTrue(tokens.refreshToken() != null && !tokens.refreshToken().isBlank(), response.body());
        assertEquals("mcp", tokens.body().get("scope"));
        assertTrue(((Number) tokens.body().get("expires_in")).longValue() > 0, response.body());
        assertEquals(200, mcp.initialize(tokens.accessToken()).statusCode());
    }

    @Test
    void tokenWhenRfc7636AppendixBVerifierThenAccepted() {
        String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        String challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        AuthorizeRequest template = flow.authorizeRequest(client);
        AuthorizeRequest request = new AuthorizeRequest(client, new OAuthFlow.Pkce(verifier, challenge),
                template.parameters().set("code_challenge", challenge));

        HttpResponse<String> response = flow.exchange(request, flow.code(request));

        Tokens.of(response);
        assertEquals(challenge, OAuthFlow.Pkce.s256(verifier));
    }

    @Test
    void tokenWhenCodeVerifierWrongThenInvalidGrant() {
        AuthorizeRequest request = flow.authorizeRequest(client);
        String code = flow.code(request);

        HttpResponse<String> response = flow.token(client, OAuthFlow.exchangeForm(request, code)
                .set("code_verifier", OAuthFlow.Pkce.create().verifier()));

        assertOAuthError(response, 400, "invalid_grant");
    }

    @Test
    void tokenWhenCodeVerifierMissingThenInvalidRequest() {
        AuthorizeRequest request = flow.authorizeRequest(client);
        String code = flow.code(request);

        HttpResponse<String> response = flow.token(client, OAuthFlow.exchangeForm(request, code)
                .remove("code_verifier"));

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void tokenWhenResourceIsNotThisServersThenInvalidTarget() {
        AuthorizeRequest request = flow.authorizeRequest(client);
        String code = flow.code(request);

        HttpResponse<String> response = flow.token(client, OAuthFlow.exchangeForm(request, code)
                .add("resource", "https://other.example/mcp"));

        assertOAuthError(response, 400, "invalid_target");
    }

    @Test
    void tokenWhenResourceIsTheMcpEndpointThenIssued() {
        AuthorizeRequest request = flow.authorizeRequest(client).set("resource", server.mcpUrl());
        String code = flow.code(request);

        HttpResponse<String> response = flow.token(client, OAuthFlow.exchangeForm(request, code)
                .add("resource", server.mcpUrl()));

        assertEquals(200, mcp.initialize(Tokens.of(response).accessToken()).statusCode());
    }

    @Test
    void tokenWhenRedirectUriDiffersFromAuthorizationRequestThenInvalidGrant() {
        AuthorizeRequest request = flow.authorizeRequest(client);
        String code = flow.code(request);

        HttpResponse<String> response = flow.token(client, OAuthFlow.exchangeForm(request, code)
                .set("redirect_uri", "http://127.0.0.1:8765/other"));

        assertOAuthError(response, 400, "invalid_grant");
    }

    @Test
    void tokenWhenRedirectUriOmittedButSentAtAuthorizeThenInvalidGrant() {
        AuthorizeRequest request = flow.authorizeRequest(client);
        String code = flow.code(request);

        HttpResponse<String> response = flow.token(client, OAuthFlow.exchangeForm(request, code)
                .remove("redirect_uri"));

        assertOAuthError(response, 400, "invalid_grant");
    }

    @Test
    void tokenWhenFormContentTypeHasCharsetThenBodyIsRead() {
        AuthorizeRequest request = flow.authorizeRequest(client);
        String code = flow.code(request);
        Form form = OAuthFlow.exchangeForm(request, code).set("client_id", client.clientId());

        HttpResponse<String> response = flow.http().post("/oauth/token",
                "application/x-www-form-urlencoded; charset=UTF-8", form.encode());

        Tokens.of(response);
    }

    @Test
    void tokenWhenCodeUnknownThenInvalidGrant() {
        AuthorizeRequest request = flow.authorizeRequest(client);

        assertOAuthError(flow.exchange(request, "not-a-code-this-server-issued"), 400, "invalid_grant");
    }

    @Test
    void tokenWhenCodeOfAnotherClientThenInvalidGrant() {
        Client other = flow.registerPublicClient();
        AuthorizeRequest request = flow.authorizeRequest(client);
        String code = flow.code(request);

        HttpResponse<String> response = flow.token(other, OAuthFlow.exchangeForm(request, code));

        assertOAuthError(response, 400, "invalid_grant");
    }

    @Test
    void tokenWhenCodeReplayedThenInvalidGrantAndFirstTokensRevoked() {
        AuthorizeRequest request = flow.authorizeRequest(client);
        String code = flow.code(request);
        Tokens first = Tokens.of(flow.exchange(request, code));
        assertEquals(200, mcp.initialize(first.accessToken()).statusCode());

        HttpResponse<String> replay = flow.exchange(request, code);

        assertOAuthError(replay, 400, "invalid_grant");
        assertOAuthError(flow.refresh(client, first.refreshToken()), 400, "invalid_grant");
        HttpResponse<String> mcpResponse = mcp.initialize(first.accessToken());
        assertEquals(401, mcpResponse.statusCode(), mcpResponse::body);
        assertTrue(Http.requiredHeader(mcpResponse, "WWW-Authenticate").contains("error=\"invalid_token\""));
    }

    @Test
    void tokenWhenGrantTypePasswordThenUnsupportedGrantType() {
        HttpResponse<String> response = flow.token(client, Form.of("grant_type", "password",
                "username", TestServer.USERNAME, "password", TestServer.PASSWORD));

        assertOAuthError(response, 400, "unsupported_grant_type");
    }

    @Test
    void tokenWhenGrantTypeClientCredentialsThenUnsupportedGrantType() {
        assertOAuthError(flow.token(client, Form.of("grant_type", "client_credentials")), 400,
                "unsupported_grant_type");
    }

    @Test
    void tokenWhenGrantTypeImplicitStyleThenUnsupportedGrantType() {
        assertOAuthError(flow.token(client, Form.of("grant_type", "urn:ietf:params:oauth:grant-type:device_code",
                "device_code", "x")), 400, "unsupported_grant_type");
    }

    @Test
    void tokenWhenGrantTypeMissingThenInvalidRequest() {
        AuthorizeRequest request = flow.authorizeRequest(client);

        assertOAuthError(flow.token(client, OAuthFlow.exchangeForm(request, "some-code").remove("grant_type")), 400,
                "invalid_request");
    }

    @Test
    void tokenWhenParameterRepeatedThenInvalidRequest() {
        AuthorizeRequest request = flow.authorizeRequest(client);
        String code = flow.code(request);

        HttpResponse<String> response = flow.token(client, OAuthFlow.exchangeForm(request, code).add("code", code));

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void tokenWhenRefreshTokenParameterInCodeGrantThenInvalidRequest() {
        AuthorizeRequest request = flow.authorizeRequest(client);

        HttpResponse<String> response = flow.token(client, OAuthFlow.exchangeForm(request, "some-code")
                .add("refresh_token", "some-refresh-token"));

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void tokenWhenJsonBodyThenExchangedLikeAForm() {
        AuthorizeRequest request = flow.authorizeRequest(client);
        String code = flow.code(request);
        Form form = OAuthFlow.exchangeForm(request, code).set("client_id", client.clientId());

        HttpResponse<String> response = flow.http().postJson("/oauth/token", form.toJson());

        Tokens tokens = Tokens.of(response);
        assertEquals(200, mcp.initialize(tokens.accessToken()).statusCode());
    }

    @Test
    void tokenWhenJsonBodyHasWrongVerifierThenInvalidGrant() {
        AuthorizeRequest request = flow.authorizeRequest(client);
        String code = flow.code(request);
        Form form = OAuthFlow.exchangeForm(request, code).set("client_id", client.clientId())
                .set("code_verifier", OAuthFlow.Pkce.create().verifier());

        assertOAuthError(flow.http().postJson("/oauth/token", form.toJson()), 400, "invalid_grant");
    }

    @Test
    void tokenWhenContentTypeIsNeitherFormNorJsonThenInvalidRequest() {
        AuthorizeRequest request = flow.authorizeRequest(client);
        Form form = OAuthFlow.exchangeForm(request, "some-code").set("client_id", client.clientId());

        HttpResponse<String> response = flow.http().post("/oauth/token", "text/plain", form.encode());

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void tokenWhenJsonBodyMalformedThenInvalidRequest() {
        assertOAuthError(flow.http().postJson("/oauth/token", "{\"grant_type\":"), 400, "invalid_request");
    }

    @Test
    void tokenWhenCodeExpiredThenInvalidGrant() throws InterruptedException {
        try (TestServer shortCodes = TestServer.orchestratedLocal(
                Map.of("mcpauth.auth.lifetimes.authorization-code", "1s"))) {
            OAuthFlow shortFlow = new OAuthFlow(shortCodes);
            Client shortClient = shortFlow.registerPublicClient();
            // a code used at once works: the one below fails for its age only
            AuthorizeRequest fresh = shortFlow.authorizeRequest(shortClient);
            Tokens.of(shortFlow.exchange(fresh, shortFlow.code(fresh)));
            AuthorizeRequest request = shortFlow.authorizeRequest(shortClient);
            String code = shortFlow.code(request);
            Thread.sleep(1_500);

            HttpResponse<String> response = shortFlow.exchange(request, code);

            Map<String, Object> error = assertOAuthError(response, 400, "invalid_grant");
            assertTrue(((String) error.get("error_description")).contains("expired"), response.body());
        }
    }
}
