package dev.mcpauth.bootstrap.protocol;

import dev.mcpauth.bootstrap.support.Form;
import dev.mcpauth.bootstrap.support.Http;
import dev.mcpauth.bootstrap.support.OAuthFlow;
import dev.mcpauth.bootstrap.support.OAuthFlow.AuthorizeRequest;
import dev.mcpauth.bootstrap.support.OAuthFlow.Client;
import dev.mcpauth.bootstrap.support.OAuthFlow.LoginPage;
import dev.mcpauth.bootstrap.support.OAuthFlow.Redirect;
import dev.mcpauth.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The login and consent pages behind the authorization endpoint: framing and caching forbidden, double-submit CSRF
 * with an HttpOnly SameSite=Strict cookie, brute-force throttling (RFC 9700 §4.13), consent approve and deny.
 */
class LoginPageTest {
    private static final String BOB = "bob";
    private static final String BOB_PASSWORD = "bob's own password";

    private static TestServer server;
    private static OAuthFlow flow;
    private static Client client;

    @BeforeAll
    static void start() {
        server = TestServer.orchestratedLocal(Map.of(
                "mcpauth.auth.consent.enabled", true,
                "mcpauth.auth.users", List.of(
                        Map.of("username", TestServer.USERNAME, "password", TestServer.PASSWORD),
                        Map.of("username", BOB, "password", BOB_PASSWORD))));
        flow = new OAuthFlow(server);
        client = flow.registerPublicClient();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void authorizeWhenValidThenLoginPageForbidsFramingScriptsAndCaching() {
        HttpResponse<String> response = flow.authorize(flow.authorizeRequest(client));

        assertEquals(200, response.statusCode(), response::body);
        assertTrue(Http.requiredHeader(response, "Content-Type").startsWith("text/html"));
        String csp = Http.requiredHeader(response, "Content-Security-Policy");
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertTrue(csp.contains("default-src 'none'"), csp);
        assertEquals("DENY", Http.requiredHeader(response, "X-Frame-Options"));
        assertEquals("no-store", Http.requiredHeader(response, "Cache-Control"));
        assertTrue(response.body().contains("<form method=\"post\" action=\"/oauth/login\""), response.body());
        assertFalse(response.body().contains("<script"), response.body());
    }

    @Test
    void authorizeWhenValidThenCsrfCookieIsHttpOnlySameSiteStrictAndMatchesForm() {
        LoginPage page = flow.loginPage(flow.authorizeRequest(client));

        String cookie = page.setCookie().toLowerCase(Locale.ROOT);
        assertTrue(cookie.contains("; httponly"), page.setCookie());
        assertTrue(cookie.contains("; samesite=strict"), page.setCookie());
        assertTrue(cookie.contains("; path=/oauth"), page.setCookie());
        assertEquals(page.csrfToken(), page.cookieValue());
        assertTrue(page.csrfToken().length() >= 32, "an unguessable token");
    }

    @Test
    void loginWhenCsrfTokenWrongThenForbiddenErrorPage() {
        LoginPage page = flow.loginPage(flow.authorizeRequest(client));

        HttpResponse<String> response = flow.http().postForm("/oauth/login", Form.of("request_id", page.requestId(),
                        "csrf_token", page.csrfToken() + "x", "username", TestServer.USERNAME,
                        "password", TestServer.PASSWORD),
                "Cookie", page.cookieHeader());

        assertErrorPage(response, 403, "access_denied");
        // the genuine form still works afterwards
        assertEquals(200, flow.login(page, TestServer.USERNAME, TestServer.PASSWORD).statusCode());
    }

    @Test
    void loginWhenCsrfCookieMissingThenForbiddenErrorPage() {
        LoginPage page = flow.loginPage(flow.authorizeRequest(client));

        HttpResponse<String> response = flow.http().postForm("/oauth/login", Form.of("request_id", page.requestId(),
                "csrf_token", page.csrfToken(), "username", TestServer.USERNAME, "password", TestServer.PASSWORD));

        assertErrorPage(response, 403, "access_denied");
    }

    @Test
    void loginWhenRequestIdUnknownThenErrorPage() {
        LoginPage page = flow.loginPage(flow.authorizeRequest(client));

        HttpResponse<String> response = flow.http().postForm("/oauth/login", Form.of("request_id", "unknown",
                        "csrf_token", page.csrfToken(), "username", TestServer.USERNAME, "password",
                        TestServer.PASSWORD),
                "Cookie", "mcpauth_csrf_unknown=" + page.csrfToken());

        assertErrorPage(response, 403, "access_denied");
    }

    @Test
    void loginWhenBodyIsNotAFormThenErrorPage() {
        HttpResponse<String> response = flow.http().postJson("/oauth/login", "{\"username\":\"alice\"}");

        assertErrorPage(response, 400, "invalid_request");
    }

    @Test
    void loginWhenPasswordWrongThenLoginPageWithError() {
        LoginPage page = flow.loginPage(flow.authorizeRequest(client));

        HttpResponse<String> response = flow.login(page, TestServer.USERNAME, "wrong password");

        assertEquals(200, response.statusCode(), response::body);
        assertTrue(response.headers().firstValue("Location").isEmpty());
        assertTrue(response.body().contains("id=\"error\""), response.body());
        assertTrue(response.body().contains("Wrong username or password."), response.body());
        assertTrue(response.body().contains("action=\"/oauth/login\""), response.body());
        assertEquals("DENY", Http.requiredHeader(response, "X-Frame-Options"));
    }

    @Test
    void loginWhenUserUnknownThenSameErrorAsWrongPassword() {
        LoginPage page = flow.loginPage(flow.authorizeRequest(client));

        HttpResponse<String> response = flow.login(page, "nobody", "whatever");

        assertEquals(200, response.statusCode(), response::body);
        assertTrue(response.body().contains("Wrong username or password."), response.body());
    }

    @Test
    void loginWhenFiveWrongPasswordsThenThrottledEvenWithRightPassword() {
        LoginPage page = flow.loginPage(flow.authorizeRequest(client));
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertEquals(200, flow.login(page, BOB, "wrong " + attempt).statusCode(), "attempt " + attempt);
        }

        HttpResponse<String> fifth = flow.login(page, BOB, "wrong 5");

        assertEquals(429, fifth.statusCode(), fifth::body);
        assertTrue(Long.parseLong(Http.requiredHeader(fifth, "Retry-After")) > 0);
        HttpResponse<String> right = flow.login(page, BOB, BOB_PASSWORD);
        assertEquals(429, right.statusCode(), right::body);
        assertTrue(Long.parseLong(Http.requiredHeader(right, "Retry-After")) > 0);
        assertTrue(right.headers().firstValue("Location").isEmpty());
        assertFalse(right.body().contains("action=\"/oauth/consent\""), right.body());
    }

    @Test
    void loginWhenGetThenMethodNotAllowed() {
        HttpResponse<String> response = flow.http().get("/oauth/login");

        assertEquals(405, response.statusCode(), response::body);
    }

    @Test
    void loginWhenConsentEnabledThenConsentPageListsScopes() {
        LoginPage page = flow.loginPage(flow.authorizeRequest(flow.registerPublicClient()));

        HttpResponse<String> response = flow.login(page, TestServer.USERNAME, TestServer.PASSWORD);

        assertEquals(200, response.statusCode(), response::body);
        LoginPage consent = page.withResponse(response);
        assertTrue(consent.isConsent(), response.body());
        assertTrue(response.body().contains("<code>mcp</code>"), response.body());
        assertTrue(Http.requiredHeader(response, "Content-Security-Policy").contains("frame-ancestors 'none'"));
        assertEquals("DENY", Http.requiredHeader(response, "X-Frame-Options"));
        assertEquals("no-store", Http.requiredHeader(response, "Cache-Control"));
    }

    @Test
    void consentWhenApprovedThenRedirectsWithCodeStateAndIssuer() {
        Client fresh = flow.registerPublicClient();
        AuthorizeRequest request = flow.authorizeRequest(fresh);
        LoginPage page = flow.loginPage(request);
        LoginPage consent = page.withResponse(flow.login(page, TestServer.USERNAME, TestServer.PASSWORD));

        Redirect redirect = Redirect.of(flow.consent(consent, "approve"));

        assertEquals(303, redirect.status());
        assertEquals(OAuthFlow.REDIRECT_URI, redirect.target());
        assertNotNull(redirect.code());
        assertEquals(request.state(), redirect.state());
        assertEquals(server.baseUrl(), redirect.iss());
        assertEquals(200, flow.exchange(request, redirect.code()).statusCode());
    }

    @Test
    void consentWhenDeniedThenRedirectsAccessDeniedWithStateAndIssuer() {
        Client fresh = flow.registerPublicClient();
        AuthorizeRequest request = flow.authorizeRequest(fresh);
        LoginPage page = flow.loginPage(request);
        LoginPage consent = page.withResponse(flow.login(page, TestServer.USERNAME, TestServer.PASSWORD));

        Redirect redirect = Redirect.of(flow.consent(consent, "deny"));

        assertEquals(303, redirect.status());
        assertEquals(OAuthFlow.REDIRECT_URI, redirect.target());
        assertEquals("access_denied", redirect.error());
        assertEquals(request.state(), redirect.state());
        assertEquals(server.baseUrl(), redirect.iss());
        assertNull(redirect.code());
    }

    @Test
    void consentWhenDecisionReplayedThenErrorPage() {
        Client fresh = flow.registerPublicClient();
        LoginPage page = flow.loginPage(flow.authorizeRequest(fresh));
        LoginPage consent = page.withResponse(flow.login(page, TestServer.USERNAME, TestServer.PASSWORD));
        assertEquals(303, flow.consent(consent, "approve").statusCode());

        HttpResponse<String> replay = flow.consent(consent, "approve");

        assertErrorPage(replay, 403, "access_denied");
    }

    @Test
    void consentWhenBeforeSignInThenErrorPage() {
        LoginPage page = flow.loginPage(flow.authorizeRequest(flow.registerPublicClient()));

        HttpResponse<String> response = flow.consent(page, "approve");

        assertErrorPage(response, 403, "access_denied");
    }

    @Test
    void consentWhenApprovedOnceThenNextSignInSkipsConsent() {
        Client fresh = flow.registerPublicClient();
        flow.signIn(flow.authorizeRequest(fresh), TestServer.USERNAME, TestServer.PASSWORD);
        LoginPage page = flow.loginPage(flow.authorizeRequest(fresh));

        HttpResponse<String> response = flow.login(page, TestServer.USERNAME, TestServer.PASSWORD);

        assertNotNull(Redirect.of(response).code());
    }

    private static void assertErrorPage(HttpResponse<String> response, int status, String error) {
        assertEquals(status, response.statusCode(), response::body);
        assertTrue(response.headers().firstValue("Location").isEmpty());
        assertTrue(Http.requiredHeader(response, "Content-Type").startsWith("text/html"));
        assertEquals("DENY", Http.requiredHeader(response, "X-Frame-Options"));
        assertTrue(response.body().contains("<code id=\"error-code\">" + error + "</code>"), response.body());
    }
}
