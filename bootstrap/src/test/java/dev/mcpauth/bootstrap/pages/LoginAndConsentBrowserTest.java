package dev.mcpauth.bootstrap.pages;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mcpauth.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The login and consent pages in a real headless Chromium: a public client registered dynamically runs the code flow
 * with PKCE through the pages and back to a real redirect target, and the code it gets is redeemed for a token.
 */
class LoginAndConsentBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestServer server;
    private static RedirectTarget target;
    private static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.orchestratedLocal(Map.of("mcpauth.auth.consent.enabled", true));
        target = RedirectTarget.start();
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            try {
                if (target != null) {
                    target.stop();
                }
            } finally {
                if (server != null) {
                    server.close();
                }
            }
        }
    }

    @BeforeEach
    void forgetEarlierRedirects() {
        target.received.clear();
    }

    @Test
    void authorizeWhenUserSignsInAndApprovesThenRedirectsWithRedeemableCode() throws Exception {
        Flow flow = Flow.start("Browser Test");
        WebDriver driver = browser.driver();

        driver.get(flow.authorizeUrl());
        assertEquals("Sign in · mcpauth test", driver.getTitle());
        assertEquals("Sign in to mcpauth test", driver.findElement(By.tagName("h1")).getText());
        assertTrue(driver.findElement(By.tagName("main")).getText().contains("Browser Test"),
                "the login page names the client");
        assertTrue(driver.findElements(By.id("error")).isEmpty(), "no error before the first attempt");
        browser.screenshot("login");

        signIn(driver, TestServer.USERNAME, TestServer.PASSWORD);

        browser.await(ExpectedConditions.presenceOfElementLocated(By.id("approve")));
        assertEquals("Allow access · mcpauth test", driver.getTitle());
        assertEquals("Allow access?", driver.findElement(By.tagName("h1")).getText());
        String consent = driver.findElement(By.tagName("main")).getText();
        assertTrue(consent.contains("Browser Test"), "the consent page names the client: " + consent);
        assertTrue(consent.contains(TestServer.USERNAME), "the consent page names the user: " + consent);
        assertEquals("mcp", driver.findElement(By.cssSelector("#scopes li")).getText());
        assertTrue(consent.contains(target.callbackUrl()), "the consent page names the redirect: " + consent);
        browser.screenshot("consent");

        driver.findElement(By.id("approve")).click();

        Map<String, String> response = target.awaitCallback();
        assertEquals(flow.state, response.get("state"));
        assertEquals(server.baseUrl(), response.get("iss"));
        assertFalse(response.containsKey("error"), "no error: " + response);
        String code = response.get("code");
        assertNotNull(code, "the redirect carries a code: " + response);
        assertEquals("done", driver.findElement(By.tagName("body")).getText());

        HttpResponse<String> token = post("/oauth/token", "application/x-www-form-urlencoded", form(Map.of(
                "grant_type", "authorization_code",
                "code", code,
                "redirect_uri", target.callbackUrl(),
                "client_id", flow.clientId,
                "code_verifier", flow.verifier)));
        assertEquals(200, token.statusCode(), token.body());
        assertTrue(jsonString(token.body(), "access_token").length() > 20, token.body());
        assertEquals("Bearer", jsonString(token.body(), "token_type"));
    }

    @Test
    void loginWhenPasswordWrongThenShowsErrorAndStaysOnLoginPage() throws Exception {
        Flow flow = Flow.start("Browser Test");
        WebDriver driver = browser.driver();

        driver.get(flow.authorizeUrl());
        signIn(driver, TestServer.USERNAME, "not the password");

        WebElement error = browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertEquals("Wrong username or password.", error.getText());
        assertEquals("Sign in · mcpauth test", driver.getTitle());
        assertTrue(driver.findElements(By.id("approve")).isEmpty(), "no consent without a sign-in");
        assertEquals("", driver.findElement(By.id("password")).getDomProperty("value"),
                "the password is not echoed back into the page");
        assertTrue(driver.getCurrentUrl().startsWith(server.baseUrl()), driver.getCurrentUrl());
        assertTrue(target.received.isEmpty(), "nothing was sent to the client: " + target.received);
        browser.screenshot("login-error");
    }

    @Test
    void consentWhenUserDeniesThenRedirectsWithAccessDenied() throws Exception {
        Flow flow = Flow.start("Browser Test");
        WebDriver driver = browser.driver();

        driver.get(flow.authorizeUrl());
        signIn(driver, TestServer.USERNAME, TestServer.PASSWORD);
        browser.await(ExpectedConditions.elementToBeClickable(By.id("deny"))).click();

        Map<String, String> response = target.awaitCallback();
        assertEquals("access_denied", response.get("error"), response.toString());
        assertEquals(flow.state, response.get("state"));
        assertEquals(server.baseUrl(), response.get("iss"));
        assertFalse(response.containsKey("code"), "no code after a denial: " + response);
    }

    @Test
    void authorizeWhenFramedByAnotherPageThenLoginFormIsNotRendered() throws Exception {
        Flow flow = Flow.start("Browser Test");
        WebDriver driver = browser.driver();
        target.framed = flow.authorizeUrl();

        driver.get(target.baseUrl + "/frame");
        // Both frames fire load (Chromium commits an error page for a blocked frame), so we know the browser has
        // decided about the framed page before we look into it.
        browser.await(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "return window.loaded.control === true && window.loaded.framed === true")));

        // The control frame shows that a form inside a frame on this page is visible to the check below.
        driver.switchTo().frame("control");
        assertFalse(driver.findElements(By.id("username")).isEmpty(), "the control frame renders its form");
        driver.switchTo().defaultContent();

        driver.switchTo().frame("framed");
        assertTrue(driver.findElements(By.id("username")).isEmpty(), "the login form must not render in a frame");
        assertTrue(driver.findElements(By.id("password")).isEmpty(), "the login form must not render in a frame");
        driver.switchTo().defaultContent();
        browser.screenshot("framed");

        // The same URL at the top level does show the form: what kept it out of the frame is the framing policy.
        driver.get(flow.authorizeUrl());
        assertFalse(driver.findElements(By.id("username")).isEmpty(), "the login form renders at the top level");
    }

    private static void signIn(WebDriver driver, String username, String password) {
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
    }

    /** A public client registered for this test, with its PKCE verifier and state. */
    private record Flow(String clientId, String verifier, String state) {
        static Flow start(String clientName) throws Exception {
            String registration = "{\"redirect_uris\":[\"" + target.callbackUrl() + "\"],"
                    + "\"token_endpoint_auth_method\":\"none\",\"client_name\":\"" + clientName + "\"}";
            HttpResponse<String> response = post("/oauth/register", "application/json", registration);
            assertEquals(201, response.statusCode(), response.body());
            return new Flow(jsonString(response.body(), "client_id"), randomToken(32), randomToken(16));
        }

        String authorizeUrl() throws Exception {
            // RFC 7636 §4.2: S256 challenge of the verifier.
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("response_type", "code");
            parameters.put("client_id", clientId);
            parameters.put("redirect_uri", target.callbackUrl());
            parameters.put("scope", "mcp");
            parameters.put("state", state);
            parameters.put("code_challenge", challenge);
            parameters.put("code_challenge_method", "S256");
            parameters.put("resource", server.mcpUrl());
            return server.baseUrl() + "/oauth/authorize?" + form(parameters);
        }
    }

    /** The client's redirect URI: records each query it receives, answers {@code done}; also serves framing pages. */
    private static final class RedirectTarget {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final String baseUrl;
        volatile String framed;
        private final HttpServer http;

        private RedirectTarget(HttpServer http) {
            this.http = http;
            this.baseUrl = "http://127.0.0.1:" + http.getAddress().getPort();
        }

        static RedirectTarget start() throws IOException {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            RedirectTarget target = new RedirectTarget(http);
            http.createContext("/callback", exchange -> {
                String query = exchange.getRequestURI().getRawQuery();
                target.received.add(query == null ? "" : query);
                respond(exchange, "text/plain; charset=utf-8", "done");
            });
            http.createContext("/form", exchange -> respond(exchange, "text/html; charset=utf-8",
                    "<!DOCTYPE html><form><input id=\"username\" name=\"username\"></form>"));
            http.createContext("/frame", exchange -> respond(exchange, "text/html; charset=utf-8",
                    "<!DOCTYPE html><html><head><title>framing</title><script>window.loaded = {};</script></head>"
                            + "<body><iframe name=\"control\" src=\"/form\" width=\"400\" height=\"120\""
                            + " onload=\"window.loaded.control = true\"></iframe>"
                            + "<iframe name=\"framed\" src=\"" + attribute(target.framed) + "\" width=\"600\""
                            + " height=\"500\" onload=\"window.loaded.framed = true\"></iframe></body></html>"));
            http.start();
            return target;
        }

        String callbackUrl() {
            return baseUrl + "/callback";
        }

        /** Waits for the browser to land on the callback, then returns the parameters the callback received. */
        Map<String, String> awaitCallback() throws InterruptedException {
            browser.await(ExpectedConditions.urlMatches("^" + Pattern.quote(callbackUrl()) + "\\?"));
            String query = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(query, "the redirect target received no request");
            assertTrue(received.isEmpty(), "exactly one redirect: " + received);
            Map<String, String> parameters = new LinkedHashMap<>();
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                assertFalse(parameters.containsKey(name), name + " is repeated in " + query);
                parameters.put(name, value);
            }
            return parameters;
        }

        void stop() {
            http.stop(0);
        }

        private static void respond(HttpExchange exchange, String contentType, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        private static String attribute(String value) {
            return value == null ? "about:blank" : value.replace("&", "&amp;").replace("\"", "&quot;");
        }
    }

    private static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> parameters) {
        StringBuilder out = new StringBuilder();
        parameters.forEach((name, value) -> out.append(out.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return out.toString();
    }

    private static String jsonString(String json, String member) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(member) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        assertTrue(matcher.find(), member + " in " + json);
        return matcher.group(1);
    }

    private static String randomToken(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
