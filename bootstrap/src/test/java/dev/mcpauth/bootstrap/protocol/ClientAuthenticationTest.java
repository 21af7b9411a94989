package dev.mcpauth.bootstrap.protocol;

import dev.mcpauth.adapters.idp.password.BouncyCastlePasswordHasher;
import dev.mcpauth.bootstrap.support.Form;
import dev.mcpauth.bootstrap.support.Http;
import dev.mcpauth.bootstrap.support.OAuthFlow;
import dev.mcpauth.bootstrap.support.OAuthFlow.AuthorizeRequest;
import dev.mcpauth.bootstrap.support.OAuthFlow.Client;
import dev.mcpauth.bootstrap.support.OAuthFlow.Tokens;
import dev.mcpauth.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static dev.mcpauth.bootstrap.support.Http.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client authentication at the token endpoint (OAuth 2.1 §2.4): the registered method only, one method per request,
 * and {@code invalid_client} as 401 with a {@code WWW-Authenticate} challenge (RFC 6749 §5.2).
 */
class ClientAuthenticationTest {
    private static final String SECRET = "s3cret-for-protocol-tests";
    private static final String BASIC_CLIENT = "static-basic";
    private static final String POST_CLIENT = "static-post";
    private static final String REDIRECT = "http://127.0.0.1/static/callback";

    private static TestServer server;
    private static OAuthFlow flow;
    private static Client basicClient;
    private static Client postClient;
    private static Client publicClient;

    @BeforeAll
    static void start() {
        String hash = new BouncyCastlePasswordHasher().hash(SECRET.toCharArray());
        server = TestServer.orchestratedLocal(Map.of("mcpauth.auth.clients", List.of(
                Map.of("client-id", BASIC_CLIENT, "client-secret-hash", hash, "redirect-uris", List.of(REDIRECT),
                        "token-endpoint-auth-method", "client_secret_basic"),
                Map.of("client-id", POST_CLIENT, "client-secret-hash", hash, "redirect-uris", List.of(REDIRECT),
                        "token-endpoint-auth-method", "client_secret_post"))));
        flow = new OAuthFlow(server);
        basicClient = new Client(BASIC_CLIENT, SECRET, REDIRECT, "client_secret_basic");
        postClient = new Client(POST_CLIENT, SECRET, REDIRECT, "client_secret_post");
        publicClient = flow.registerPublicClient();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void tokenWhenClientUnknownThenInvalidClientWithChallenge() {
        Client unknown = Client.publicClient("no-such-client", OAuthFlow.REDIRECT_URI);

        HttpResponse<String> response = flow.token(unknown, codeForm("some-code"));

        assertOAuthError(response, 401, "invalid_client");
        assertTrue(Http.requiredHeader(response, "WWW-Authenticate").startsWith("Basic"));
    }

    @Test
    void tokenWhenClientIdMissingThenInvalidClient() {
        HttpResponse<String> response = flow.http().postForm("/oauth/token", codeForm("some-code"));

        assertOAuthError(response, 401, "invalid_client");
        assertTrue(Http.requiredHeader(response, "WWW-Authenticate").startsWith("Basic"));
    }

    @Test
    void tokenWhenBasicSecretWrongThenInvalidClient() {
        Client wrong = new Client(BASIC_CLIENT, "wrong-secret", REDIRECT, "client_secret_basic");

        HttpResponse<String> response = flow.token(wrong, codeForm("some-code"));

        assertOAuthError(response, 401, "invalid_client");
        assertTrue(Http.requiredHeader(response, "WWW-Authenticate").startsWith("Basic"));
    }

    @Test
    void tokenWhenBasicSecretCorrectThenIssuesTokens() {
        AuthorizeRequest request = flow.authorizeRequest(basicClient);

        Tokens tokens = Tokens.of(flow.exchange(request, flow.code(request)));

        assertTrue(tokens.refreshToken() != null);
        assertEquals(200, flow.refresh(basicClient, tokens.refreshToken()).statusCode());
    }

    @Test
    void tokenWhenBasicClientPostsItsSecretThenInvalidClient() {
        AuthorizeRequest request = flow.authorizeRequest(basicClient);
        String code = flow.code(request);
        Client asPost = new Client(BASIC_CLIENT, SECRET, REDIRECT, "client_secret_post");

        HttpResponse<String> response = flow.token(asPost, OAuthFlow.exchangeForm(request, code));

        assertOAuthError(response, 401, "invalid_client");
        // the code was not spent by the refused request
        assertEquals(200, flow.exchange(request, code).statusCode());
    }

    @Test
    void tokenWhenConfidentialClientSendsNoSecretThenInvalidClient() {
        Client withoutSecret = Client.publicClient(BASIC_CLIENT, REDIRECT);

        assertOAuthError(flow.token(withoutSecret, codeForm("some-code")), 401, "invalid_client");
    }

    @Test
    void tokenWhenBasicAndBodySecretTogetherThenInvalidRequest() {
        HttpResponse<String> response = flow.http().postForm("/oauth/token",
                codeForm("some-code").set("client_secret", SECRET),
                "Authorization", Http.basic(BASIC_CLIENT, SECRET));

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void tokenWhenBasicAndDifferentBodyClientIdThenInvalidRequest() {
        HttpResponse<String> response = flow.http().postForm("/oauth/token",
                codeForm("some-code").set("client_id", POST_CLIENT),
                "Authorization", Http.basic(BASIC_CLIENT, SECRET));

        assertOAuthError(response, 400, "invalid_request");
    }

    @Test
    void tokenWhenBasicHeaderMalformedThenInvalidClient() {
        HttpResponse<String> response = flow.http().postForm("/oauth/token", codeForm("some-code"),
                "Authorization", "Basic !!!not-base64!!!");

        assertOAuthError(response, 401, "invalid_client");
    }

    @Test
    void tokenWhenPostClientPostsCorrectSecretThenIssuesTokens() {
        AuthorizeRequest request = flow.authorizeRequest(postClient);

        Tokens.of(flow.exchange(request, flow.code(request)));
    }

    @Test
    void tokenWhenPostClientUsesBasicThenInvalidClient() {
        Client asBasic = new Client(POST_CLIENT, SECRET, REDIRECT, "client_secret_basic");

        assertOAuthError(flow.token(asBasic, codeForm("some-code")), 401, "invalid_client");
    }

    @Test
    void tokenWhenPublicClientSendsASecretThenInvalidClient() {
        Client withSecret = new Client(publicClient.clientId(), "made-up", OAuthFlow.REDIRECT_URI,
                "client_secret_post");

        assertOAuthError(flow.token(withSecret, codeForm("some-code")), 401, "invalid_client");
    }

    private static Form codeForm(String code) {
        return Form.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                "code_verifier", OAuthFlow.Pkce.create().verifier());
    }
}
