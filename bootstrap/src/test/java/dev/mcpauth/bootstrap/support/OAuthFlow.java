package dev.mcpauth.bootstrap.support;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives the authorization code flow against a {@link TestServer} the way an MCP client and a browser do, through
 * real HTTP: dynamic registration, {@code /oauth/authorize}, the login form (with its CSRF cookie), optionally the
 * consent form, the redirect back, and the token endpoint. Each step is also available alone, so tests can bend one
 * step and look at exactly what the server answers.
 */
public final class OAuthFlow {
    public static final String REDIRECT_URI = "http://127.0.0.1:8765/callback";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern REQUEST_ID = Pattern.compile("name=\"request_id\" value=\"([^\"]*)\"");
    private static final Pattern CSRF_TOKEN = Pattern.compile("name=\"csrf_token\" value=\"([^\"]*)\"");

    private final Http http;

    public OAuthFlow(TestServer server) {
        this(server.baseUrl());
    }

    /** A flow against any server, such as one instance of several behind the same issuer. */
    public OAuthFlow(String baseUrl) {
        this.http = new Http(baseUrl);
    }

    public Http http() {
        return http;
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    /** An OAuth client as the tests use it; {@code secret} is null for public clients. */
    public record Client(String clientId, String secret, String redirectUri, String authMethod) {
        public static Client publicClient(String clientId, String redirectUri) {
            return new Client(clientId, null, redirectUri, "none");
        }
    }

    /** Registers a public client (RFC 7591) with {@link #REDIRECT_URI}. */
    public Client registerPublicClient() {
        return register("none", REDIRECT_URI);
    }

    /** Registers a client with the given {@code token_endpoint_auth_method} and redirect URI. */
    public Client register(String authMethod, String redirectUri) {
        HttpResponse<String> response = http.postJson("/oauth/register", "{\"redirect_uris\":[" + Form.quote(redirectUri)
                + "],\"token_endpoint_auth_method\":" + Form.quote(authMethod) + ",\"client_name\":\"protocol test\"}");
        assertEquals(201, response.statusCode(), () -> "registration: " + response.body());
        Map<String, Object> body = Http.json(response);
        String clientId = (String) body.get("client_id");
        assertNotNull(clientId, response.body());
        return new Client(clientId, (String) body.get("client_secret"), redirectUri, authMethod);
    }

    /** A PKCE verifier (43 base64url characters from 32 random bytes) and its S256 challenge (RFC 7636 §4.1, §4.2). */
    public record Pkce(String verifier, String challenge) {
        public static Pkce create() {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            return new Pkce(verifier, s256(verifier));
        }

        public static String s256(String verifier) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
                return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A valid authorization request for {@code client}: code flow, S256 PKCE, a random state, scope {@code mcp}. */
    public AuthorizeRequest authorizeRequest(Client client) {
        Pkce pkce = Pkce.create();
        Form parameters = Form.of(
                "response_type", "code",
                "client_id", client.clientId(),
                "redirect_uri", client.redirectUri(),
                "scope", "mcp",
                "state", randomState(),
                "code_challenge", pkce.challenge(),
                "code_challenge_method", "S256");
        return new AuthorizeRequest(client, pkce, parameters);
    }

    /** The parameters of one authorization request; change them with {@link Form#set} before sending. */
    public record AuthorizeRequest(Client client, Pkce pkce, Form parameters) {
        public AuthorizeRequest set(String name, String value) {
            parameters.set(name, value);
            return this;
        }

        public String state() {
            return parameters.get("state");
        }

        public String redirectUri() {
            return parameters.get("redirect_uri");
        }
    }

    /** GET /oauth/authorize. */
    public HttpResponse<String> authorize(AuthorizeRequest request) {
        return http.get("/oauth/authorize?" + request.parameters().encode());
    }

    /** The login page of a successful GET /oauth/authorize, with its hidden fields and CSRF cookie. */
    public LoginPage loginPage(AuthorizeRequest request) {
        return LoginPage.of(authorize(request));
    }

    /** A login or consent page: the hidden form fields and the CSRF cookie that came with it. */
    public record LoginPage(HttpResponse<String> response, String requestId, String csrfToken, String cookieName,
                            String cookieValue, String setCookie) {
        public static LoginPage of(HttpResponse<String> response) {
            assertEquals(200, response.statusCode(), () -> "expected the login page: " + response.body());
            String requestId = field(REQUEST_ID, response.body());
            String csrfToken = field(CSRF_TOKEN, response.body());
            String cookieName = "mcpauth_csrf_" + requestId;
            String setCookie = Http.setCookies(response).stream()
                    .filter(cookie -> cookie.startsWith(cookieName + "="))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + cookieName + " cookie in "
                            + Http.setCookies(response)));
            int end = setCookie.indexOf(';');
            String cookieValue = setCookie.substring(cookieName.length() + 1, end < 0 ? setCookie.length() : end);
            return new LoginPage(response, requestId, csrfToken, cookieName, cookieValue, setCookie);
        }

        /** The {@code Cookie} header a browser would send back. */
        public String cookieHeader() {
            return cookieName + "=" + cookieValue;
        }

        /** This page's fields, for a consent page that follows it (same request id, token and cookie). */
        public LoginPage withResponse(HttpResponse<String> next) {
            assertEquals(requestId, field(REQUEST_ID, next.body()));
            assertEquals(csrfToken, field(CSRF_TOKEN, next.body()));
            return new LoginPage(next, requestId, csrfToken, cookieName, cookieValue, setCookie);
        }

        public boolean isConsent() {
            return response.body().contains("action=\"/oauth/consent\"");
        }
    }

    /** POST /oauth/login as the browser would, with the page's hidden fields and cookie. */
    public HttpResponse<String> login(LoginPage page, String username, String password) {
        return http.postForm("/oauth/login", Form.of("request_id", page.requestId(), "csrf_token", page.csrfToken(),
                "username", username, "password", password), "Cookie", page.cookieHeader());
    }

    /** POST /oauth/consent with {@code decision} ({@code approve} or {@code deny}). */
    public HttpResponse<String> consent(LoginPage page, String decision) {
        return http.postForm("/oauth/consent", Form.of("request_id", page.requestId(), "csrf_token",
                page.csrfToken(), "decision", decision), "Cookie", page.cookieHeader());
    }

    /** The redirect back to the client: its Location and query parameters. */
    public record Redirect(int status, URI location, Map<String, String> parameters) {
        public static Redirect of(HttpResponse<String> response) {
            assertTrue(response.statusCode() == 302 || response.statusCode() == 303,
                    () -> "expected a redirect, got " + response.statusCode() + ": " + response.body());
            URI location = URI.create(Http.requiredHeader(response, "Location"));
            return new Redirect(response.statusCode(), location, Http.query(location));
        }

        public String code() {
            return parameters.get("code");
        }

        public String state() {
            return parameters.get("state");
        }

        public String iss() {
            return parameters.get("iss");
        }

        public String error() {
            return parameters.get("error");
        }

        /** The Location without its query: where the user agent is sent. */
        public String target() {
            String text = location.toString();
            int q = text.indexOf('?');
            return q < 0 ? text : text.substring(0, q);
        }
    }

    /** Signs in (approving consent if asked) and returns the redirect with the code. */
    public Redirect signIn(AuthorizeRequest request, String username, String password) {
        LoginPage page = loginPage(request);
        HttpResponse<String> response = login(page, username, password);
        if (response.statusCode() == 200) {
            LoginPage consentPage = page.withResponse(response);
            assertTrue(consentPage.isConsent(), () -> "expected consent page: " + response.body());
            return Redirect.of(consent(consentPage, "approve"));
        }
        Redirect redirect = Redirect.of(response);
        assertNotNull(redirect.code(), () -> "no code in " + redirect.location());
        return redirect;
    }

    /** An authorization code for {@code request}, signed in as the default test user. */
    public String code(AuthorizeRequest request) {
        return signIn(request, TestServer.USERNAME, TestServer.PASSWORD).code();
    }

    /**
     * POST /oauth/token for {@code client}, authenticating as it registered: {@code none} sends {@code client_id},
     * {@code client_secret_post} adds the secret to the body, {@code client_secret_basic} uses HTTP Basic.
     */
    public HttpResponse<String> token(Client client, Form form) {
        Form body = form.copy();
        List<String> headers = new ArrayList<>();
        switch (client.authMethod()) {
            case "client_secret_basic" -> {
                headers.add("Authorization");
                headers.add(Http.basic(client.clientId(), client.secret()));
            }
            case "client_secret_post" -> body.set("client_id", client.clientId()).set("client_secret", client.secret());
            default -> body.set("client_id", client.clientId());
        }
        return http.postForm("/oauth/token", body, headers.toArray(String[]::new));
    }

    /** The authorization_code grant for a code from {@code request}. */
    public HttpResponse<String> exchange(AuthorizeRequest request, String code) {
        return token(request.client(), exchangeForm(request, code));
    }

    public static Form exchangeForm(AuthorizeRequest request, String code) {
        return Form.of("grant_type", "authorization_code", "code", code, "redirect_uri", request.redirectUri(),
                "code_verifier", request.pkce().verifier());
    }

    public HttpResponse<String> refresh(Client client, String refreshToken) {
        return token(client, Form.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    /** A successful token response. */
    public record Tokens(String accessToken, String refreshToken, Map<String, Object> body) {
        public static Tokens of(HttpResponse<String> response) {
            assertEquals(200, response.statusCode(), () -> "token response: " + response.body());
            assertEquals("no-store", Http.requiredHeader(response, "Cache-Control"));
            Map<String, Object> body = Http.json(response);
            assertEquals("Bearer", body.get("token_type"), response.body());
            assertTrue(body.get("access_token") instanceof String, response.body());
            return new Tokens((String) body.get("access_token"), (String) body.get("refresh_token"), body);
        }
    }

    /** The whole flow for {@code request} as the default test user, ending with a successful token response. */
    public Tokens tokens(AuthorizeRequest request) {
        return Tokens.of(exchange(request, code(request)));
    }

    /** The whole flow for {@code client} with scope {@code mcp} as the default test user. */
    public Tokens tokens(Client client) {
        return tokens(authorizeRequest(client));
    }

    private static String field(Pattern pattern, String html) {
        Matcher m = pattern.matcher(html);
        assertTrue(m.find(), () -> "no " + pattern + " in page: " + html);
        return m.group(1).replace("&quot;", "\"").replace("&#x27;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private static String randomState() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
