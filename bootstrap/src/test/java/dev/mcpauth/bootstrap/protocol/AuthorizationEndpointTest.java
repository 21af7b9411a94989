package dev.mcpauth.bootstrap.protocol;

import dev.mcpauth.bootstrap.support.Form;
import dev.mcpauth.bootstrap.support.Http;
import dev.mcpauth.bootstrap.support.OAuthFlow;
import dev.mcpauth.bootstrap.support.OAuthFlow.AuthorizeRequest;
import dev.mcpauth.bootstrap.support.OAuthFlow.Client;
import dev.mcpauth.bootstrap.support.OAuthFlow.Redirect;
import dev.mcpauth.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The authorization endpoint (OAuth 2.1 §4.1.1): errors about the client or redirect URI are shown, never
 * redirected; every later error and the success go back to the registered redirect URI with {@code state} and
 * {@code iss} (RFC 9207).
 */
class AuthorizationEndpointTest {
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
    void authorizeWhenBrowserAcceptsOnlyHtmlThenLoginPage() {
        HttpResponse<String> response = flow.http().get("/oauth/authorize?"
                + flow.authorizeRequest(client).parameters().encode(), "Accept", "text/html");

        assertEquals(200, response.statusCode(), response::body);
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(response.body().contains("name=\"request_id\""), response.body());
    }

    @Test
    void authorizeWhenCodeChallengeMissingThenRedirectsInvalidRequest() {
        AuthorizeRequest request = flow.authorizeRequest(client).set("code_challenge", null)
                .set("code_challenge_method", null);

        assertErrorRedirect(request, "invalid_request");
    }

    @Test
    void authorizeWhenCodeChallengeMethodPlainThenRedirectsInvalidRequest() {
        AuthorizeRequest request = flow.authorizeRequest(client);
        request.set("code_challenge", request.pkce().verifier()).set("code_challenge_method", "plain");

        assertErrorRedirect(request, "invalid_request");
    }

    @Test
    void authorizeWhenResponseTypeTokenThenRedirectsUnsupportedResponseType() {
        assertErrorRedirect(flow.authorizeRequest(client).set("response_type", "token"), "unsupported_response_type");
    }

    @Test
    void authorizeWhenScopeUnknownThenRedirectsInvalidScope() {
        assertErrorRedirect(flow.authorizeRequest(client).set("scope", "mcp admin"), "invalid_scope");
    }

    @Test
    void authorizeWhenResourceIsNotThisServersThenRedirectsInvalidTarget() {
        assertErrorRedirect(flow.authorizeRequest(client).set("resource", "https://other.example/mcp"),
                "invalid_target");
    }

    @Test
    void authorizeWhenScopeRepeatedThenRedirectsInvalidRequest() {
        AuthorizeRequest request = flow.authorizeRequest(client);
        request.parameters().add("scope", "profile");

        assertErrorRedirect(request, "invalid_request");
    }

    @Test
    void authorizeWhenRedirectUriNotRegisteredThenErrorPageWithoutRedirect() {
        HttpResponse<String> response = flow.authorize(flow.authorizeRequest(client)
                .set("redirect_uri", "http://127.0.0.1:8765/elsewhere"));

        assertErrorPage(response, "invalid_request");
    }

    @Test
    void authorizeWhenRedirectUriOnForeignHostThenErrorPageWithoutRedirect() {
        HttpResponse<String> response = flow.authorize(flow.authorizeRequest(client)
                .set("redirect_uri", "https://evil.example/callback"));

        assertErrorPage(response, "invalid_request");
        assertFalse(response.body().contains("evil.example"), response.body());
    }

    @Test
    void authorizeWhenClientUnknownThenErrorPageWithoutRedirect() {
        HttpResponse<String> response = flow.authorize(flow.authorizeRequest(client)
                .set("client_id", "no-such-client"));

        assertErrorPage(response, "invalid_client");
    }

    @Test
    void authorizeWhenClientIdRepeatedThenErrorPageWithoutRedirect() {
        AuthorizeRequest request = flow.authorizeRequest(client);
        request.parameters().add("client_id", "another-client");

        assertErrorPage(flow.authorize(request), "invalid_request");
    }

    @Test
    void authorizeWhenSignedInThenRedirectsWithCodeStateAndIssuer() {
        AuthorizeRequest request = flow.authorizeRequest(client);

        Redirect redirect = flow.signIn(request, TestServer.USERNAME, TestServer.PASSWORD);

        assertEquals(303, redirect.status());
        assertEquals(OAuthFlow.REDIRECT_URI, redirect.target());
        assertNotNull(redirect.code());
        assertFalse(redirect.code().isBlank());
        assertEquals(request.state(), redirect.state());
        assertEquals(server.baseUrl(), redirect.iss());
        assertNull(redirect.error());
    }

    @Test
    void authorizeWhenStateHasReservedCharactersThenReturnedUnchanged() {
        AuthorizeRequest request = flow.authorizeRequest(client).set("state", "a b&c=d/é?");

        Redirect redirect = flow.signIn(request, TestServer.USERNAME, TestServer.PASSWORD);

        assertEquals("a b&c=d/é?", redirect.state());
    }

    @Test
    void authorizeWhenLoopbackRedirectUsesAnotherPortThenAcceptedAndExchangeable() {
        AuthorizeRequest request = flow.authorizeRequest(client).set("redirect_uri", "http://127.0.0.1:54321/callback");

        Redirect redirect = flow.signIn(request, TestServer.USERNAME, TestServer.PASSWORD);

        assertEquals("http://127.0.0.1:54321/callback", redirect.target());
        assertEquals(request.state(), redirect.state());
        assertEquals(200, flow.exchange(request, redirect.code()).statusCode());
    }

    @Test
    void authorizeWhenRedirectUriOmittedAndOneRegisteredThenUsesIt() {
        AuthorizeRequest request = flow.authorizeRequest(client).set("redirect_uri", null);

        Redirect redirect = flow.signIn(request, TestServer.USERNAME, TestServer.PASSWORD);

        assertEquals(OAuthFlow.REDIRECT_URI, redirect.target());
        assertEquals(200, flow.token(client, OAuthFlow.exchangeForm(request, redirect.code())).statusCode());
    }

    @Test
    void authorizeWhenStateOmittedThenErrorRedirectCarriesNoState() {
        HttpResponse<String> response = flow.authorize(flow.authorizeRequest(client).set("state", null)
                .set("response_type", "token"));

        Redirect redirect = Redirect.of(response);
        assertEquals("unsupported_response_type", redirect.error());
        assertFalse(redirect.parameters().containsKey("state"), redirect.location().toString());
        assertEquals(server.baseUrl(), redirect.iss());
    }

    @Test
    void authorizeWhenResourceHasTrailingSlashThenRedirectsInvalidTarget() {
        assertErrorRedirect(flow.authorizeRequest(client).set("resource", server.mcpUrl() + "/"), "invalid_target");
    }

    @Test
    void authorizeWhenPostedAsFormThenShowsLoginPage() {
        AuthorizeRequest request = flow.authorizeRequest(client);

        HttpResponse<String> response = flow.http().postForm("/oauth/authorize", request.parameters());

        OAuthFlow.LoginPage page = OAuthFlow.LoginPage.of(response);
        assertFalse(page.requestId().isBlank());
        assertTrue(Http.requiredHeader(response, "Content-Type").startsWith("text/html"));
    }

    @Test
    void loginWhenFormReplayedAfterCodeIssuedThenErrorPageAndNoSecondCode() {
        OAuthFlow.LoginPage page = flow.loginPage(flow.authorizeRequest(client));
        assertNotNull(Redirect.of(flow.login(page, TestServer.USERNAME, TestServer.PASSWORD)).code());

        HttpResponse<String> replay = flow.login(page, TestServer.USERNAME, TestServer.PASSWORD);

        assertEquals(403, replay.statusCode(), replay::body);
        assertTrue(replay.headers().firstValue("Location").isEmpty());
        assertTrue(replay.body().contains("<code id=\"error-code\">access_denied</code>"), replay.body());
    }

    @Test
    void loginWhenBrowserSendsSameOriginHeaderThenSignsIn() {
        AuthorizeRequest request = flow.authorizeRequest(client);
        OAuthFlow.LoginPage page = flow.loginPage(request);

        HttpResponse<String> response = flow.http().postForm("/oauth/login", Form.of("request_id", page.requestId(),
                        "csrf_token", page.csrfToken(), "username", TestServer.USERNAME,
                        "password", TestServer.PASSWORD),
                "Cookie", page.cookieHeader(), "Origin", server.baseUrl());

        assertEquals(request.state(), Redirect.of(response).state());
        assertNotNull(Redirect.of(response).code());
    }

    @Test
    void authorizeWhenRequestValidThenNoCodeIsIssuedBeforeSignIn() {
        HttpResponse<String> response = flow.authorize(flow.authorizeRequest(client));

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Location").isEmpty());
        assertTrue(response.body().contains("action=\"/oauth/login\""), response.body());
    }

    private static void assertErrorRedirect(AuthorizeRequest request, String error) {
        HttpResponse<String> response = flow.authorize(request);

        assertEquals(302, response.statusCode(), response::body);
        Redirect redirect = Redirect.of(response);
        assertEquals(OAuthFlow.REDIRECT_URI, redirect.target());
        assertEquals(error, redirect.error());
        assertEquals(request.state(), redirect.state());
        assertEquals(server.baseUrl(), redirect.iss());
        assertNull(redirect.code());
        assertNotNull(redirect.parameters().get("error_description"));
    }

    static void assertErrorPage(HttpResponse<String> response, String error) {
        assertEquals(400, response.statusCode(), response::body);
        assertTrue(response.headers().firstValue("Location").isEmpty(), () -> "redirected to "
                + response.headers().firstValue("Location"));
        assertTrue(Http.requiredHeader(response, "Content-Type").startsWith("text/html"));
        assertEquals("DENY", Http.requiredHeader(response, "X-Frame-Options"));
        assertEquals("no-store", Http.requiredHeader(response, "Cache-Control"));
        assertTrue(response.body().contains("<code id=\"error-code\">" + error + "</code>"), response.body());
    }
}
