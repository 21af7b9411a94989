package dev.mcpauth.bootstrap.protocol;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dynamic client registration (RFC 7591): loopback redirect URIs only without an allowlist, the code flow only,
 * JSON only; an optional initial access token and a cap on the number of clients.
 */
class RegistrationEndpointTest {
    private static final String INITIAL_ACCESS_TOKEN = "initial-access-token-for-tests";

    private static TestServer server;
    private static TestServer restricted;
    private static Http http;
    private static Http restrictedHttp;

    @BeforeAll
    static void start() {
        server = TestServer.orchestratedLocal();
        restricted = TestServer.orchestratedLocal(Map.of(
                "mcpauth.auth.dcr.initial-access-token", INITIAL_ACCESS_TOKEN,
                "mcpauth.auth.dcr.max-dynamic-clients", 1));
        http = new Http(server.baseUrl());
        restrictedHttp = new Http(restricted.baseUrl());
    }

    @AfterAll
    static void stop() {
        server.close();
        restricted.close();
    }

    @Test
    void registerWhenLoopbackPublicClientThenCreated() {
        HttpResponse<String> response = http.postJson("/oauth/register",
                "{\"redirect_uris\":[\"http://127.0.0.1:3000/cb\"],\"token_endpoint_auth_method\":\"none\","
                        + "\"client_name\":\"My MCP client\"}");

        assertEquals(201, response.statusCode(), response::body);
        assertEquals("no-store", Http.requiredHeader(response, "Cache-Control"));
        Map<String, Object> body = Http.json(response);
        assertTrue(body.get("client_id") instanceof String id && !id.isBlank(), response.body());
        assertFalse(body.containsKey("client_secret"), response.body());
        assertEquals("none", body.get("token_endpoint_auth_method"));
        assertEquals(List.of("http://127.0.0.1:3000/cb"), body.get("redirect_uris"));
        assertEquals(List.of("authorization_code", "refresh_token"), body.get("grant_types"));
        assertEquals("My MCP client", body.get("client_name"));
    }

    /** Stateless sessions issue no refresh token: the asked-for grant is replaced (RFC 7591 §3.2.1), not promised. */
    @Test
    void registerWhenStatelessAndRefreshTokenGrantAskedThenRegisteredForTheCodeGrantOnly() {
        try (TestServer stateless = TestServer.orchestratedLocal(Map.of("mcpauth.auth.session-mode", "stateless"))) {
            HttpResponse<String> response = new Http(stateless.baseUrl()).postJson("/oauth/register",
                    "{\"redirect_uris\":[\"http://127.0.0.1:3000/cb\"],\"token_endpoint_auth_method\":\"none\","
                            + "\"grant_types\":[\"authorization_code\",\"refresh_token\"]}");

            assertEquals(201, response.statusCode(), response::body);
            assertEquals(List.of("authorization_code"), Http.json(response).get("grant_types"));
        }
    }

    @Test
    void registerWhenTwoClientsThenDistinctClientIds() {
        OAuthFlow flow = new OAuthFlow(server);

        assertNotEquals(flow.registerPublicClient().clientId(), flow.registerPublicClient().clientId());
    }

    @Test
    void registerWhenHttpsRedirectWithoutAllowlistThenInvalidRedirectUri() {
        assertOAuthError(register(http, "https://app.example.com/callback"), 400, "invalid_redirect_uri");
    }

    @Test
    void registerWhenHttpRedirectOnForeignHostThenInvalidRedirectUri() {
        assertOAuthError(register(http, "http://evil.example/callback"), 400, "invalid_redirect_uri");
    }

    @Test
    void registerWhenRedirectUriHasFragmentThenInvalidRedirectUri() {
        assertOAuthError(register(http, "http://127.0.0.1:3000/cb#fragment"), 400, "invalid_redirect_uri");
    }

    @Test
    void registerWhenRedirectUrisMissingThenInvalidRedirectUri() {
        assertOAuthError(http.postJson("/oauth/register", "{\"token_endpoint_auth_method\":\"none\"}"), 400,
                "invalid_redirect_uri");
    }

    @Test
    void registerWhenGrantTypeClientCredentialsThenInvalidClientMetadata() {
        HttpResponse<String> response = http.postJson("/oauth/register",
                "{\"redirect_uris\":[\"http://127.0.0.1:3000/cb\"],\"token_endpoint_auth_method\":\"none\","
                        + "\"grant_types\":[\"authorization_code\",\"client_credentials\"]}");

        assertOAuthError(response, 400, "invalid_client_metadata");
    }

    @Test
    void registerWhenResponseTypeTokenThenInvalidClientMetadata() {
        HttpResponse<String> response = http.postJson("/oauth/register",
                "{\"redirect_uris\":[\"http://127.0.0.1:3000/cb\"],\"response_types\":[\"token\"]}");

        assertOAuthError(response, 400, "invalid_client_metadata");
    }

    @Test
    void registerWhenBodyIsAFormThenInvalidClientMetadata() {
        HttpResponse<String> response = http.post("/oauth/register", Http.FORM,
                "redirect_uris=http%3A%2F%2F127.0.0.1%3A3000%2Fcb");

        assertOAuthError(response, 400, "invalid_client_metadata");
    }

    @Test
    void registerWhenBodyIsMalformedJsonThenInvalidClientMetadata() {
        assertOAuthError(http.postJson("/oauth/register", "{\"redirect_uris\":[\"http://127.0.0.1"), 400,
                "invalid_client_metadata");
    }

    @Test
    void registerWhenRedirectUrisIsAStringThenInvalidClientMetadata() {
        assertOAuthError(http.postJson("/oauth/register", "{\"redirect_uris\":\"http://127.0.0.1:3000/cb\"}"), 400,
                "invalid_client_metadata");
    }

    @Test
    void registerWhenConfidentialThenReturnedSecretAuthenticatesTheClient() {
        OAuthFlow flow = new OAuthFlow(server);
        Client client = flow.register("client_secret_basic", OAuthFlow.REDIRECT_URI);
        assertTrue(client.secret() != null && client.secret().length() >= 32, "a generated secret");
        AuthorizeRequest request = flow.authorizeRequest(client);
        String code = flow.code(request);

        Client wrongSecret = new Client(client.clientId(), client.secret() + "x", client.redirectUri(),
                client.authMethod());
        assertOAuthError(flow.exchange(new AuthorizeRequest(wrongSecret, request.pkce(), request.parameters()), code),
                401, "invalid_client");
        Tokens.of(flow.exchange(request, code));
    }

    @Test
    void registerWhenAuthMethodOmittedThenClientSecretBasicWithSecret() {
        HttpResponse<String> response = register(http, "http://127.0.0.1:3000/cb");

        assertEquals(201, response.statusCode(), response::body);
        Map<String, Object> body = Http.json(response);
        assertEquals("client_secret_basic", body.get("token_endpoint_auth_method"));
        assertTrue(body.get("client_secret") instanceof String, response.body());
        assertEquals(0L, body.get("client_secret_expires_at"));
    }

    @Test
    void registerWhenInitialAccessTokenMissingThenInvalidToken() {
        HttpResponse<String> response = register(restrictedHttp, "http://127.0.0.1:3000/cb");

        assertOAuthError(response, 401, "invalid_token");
        assertTrue(Http.requiredHeader(response, "WWW-Authenticate").startsWith("Bearer"));
    }

    @Test
    void registerWhenInitialAccessTokenWrongThenInvalidToken() {
        HttpResponse<String> response = register(restrictedHttp, "http://127.0.0.1:3000/cb",
                "Authorization", Http.bearer(INITIAL_ACCESS_TOKEN + "-wrong"));

        assertOAuthError(response, 401, "invalid_token");
        assertTrue(Http.requiredHeader(response, "WWW-Authenticate").startsWith("Bearer"));
    }

    @Test
    void registerWhenDynamicClientLimitReachedThenTemporarilyUnavailable() {
        // the only successful registration on this server: the limit is one
        HttpResponse<String> first = register(restrictedHttp, "http://127.0.0.1:3000/cb",
                "Authorization", Http.bearer(INITIAL_ACCESS_TOKEN));
        assertEquals(201, first.statusCode(), first::body);

        HttpResponse<String> second = register(restrictedHttp, "http://127.0.0.1:3001/cb",
                "Authorization", Http.bearer(INITIAL_ACCESS_TOKEN));

        assertOAuthError(second, 503, "temporarily_unavailable");
    }

    private static HttpResponse<String> register(Http target, String redirectUri, String... headers) {
        return target.postJson("/oauth/register", "{\"redirect_uris\":[\"" + redirectUri + "\"]}", headers);
    }
}
