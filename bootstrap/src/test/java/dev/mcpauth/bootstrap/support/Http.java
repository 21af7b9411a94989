package dev.mcpauth.bootstrap.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real HTTP to a test server, as an OAuth client or browser would speak it: redirects are never followed and no
 * cookies are kept, so every test sees exactly what the server answered.
 */
public final class Http {
    public static final String FORM = "application/x-www-form-urlencoded";
    public static final String JSON = "application/json";

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String baseUrl;

    public Http(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** A request builder for a path on the server (or an absolute URL). */
    public HttpRequest.Builder request(String pathOrUrl) {
        return HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl + pathOrUrl))
                .timeout(Duration.ofSeconds(20));
    }

    /** @param headers name, value, name, value, ... */
    public HttpResponse<String> get(String path, String... headers) {
        return send(withHeaders(request(path).GET(), headers));
    }

    public HttpResponse<String> postForm(String path, Form form, String... headers) {
        return post(path, FORM, form.encode(), headers);
    }

    public HttpResponse<String> postJson(String path, String json, String... headers) {
        return post(path, JSON, json, headers);
    }

    /** A POST with the given content type, or none when it is null. */
    public HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        HttpRequest.Builder builder = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(withHeaders(builder, headers));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpRequest.Builder withHeaders(HttpRequest.Builder builder, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    /** {@code Basic base64(urlencode(id):urlencode(secret))} (RFC 6749 §2.3.1). */
    public static String basic(String clientId, String secret) {
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** The body as a JSON object, after checking the response declares JSON. */
    public static Map<String, Object> json(HttpResponse<String> response) {
        String type = header(response, "Content-Type").orElse("");
        assertTrue(type.startsWith(JSON), "Content-Type is " + type + "; body: " + response.body());
        return TestJson.object(response.body());
    }

    public static Optional<String> header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name);
    }

    public static String requiredHeader(HttpResponse<?> response, String name) {
        return header(response, name).orElseThrow(() -> new AssertionError(
                "no " + name + " header; status " + response.statusCode() + ", headers " + response.headers().map()));
    }

    /**
     * Asserts an RFC 6749 §5.2 error response: status, JSON body whose {@code error} is exactly {@code error} with
     * a description, and {@code Cache-Control: no-store}.
     */
    public static Map<String, Object> assertOAuthError(HttpResponse<String> response, int status, String error) {
        assertEquals(status, response.statusCode(), () -> "status; body: " + response.body());
        Map<String, Object> body = json(response);
        assertEquals(error, body.get("error"), () -> "error code; body: " + response.body());
        assertTrue(body.get("error_description") instanceof String description && !description.isBlank(),
                () -> "error_description; body: " + response.body());
        assertEquals("no-store", requiredHeader(response, "Cache-Control"));
        return body;
    }

    /** The decoded query parameters of a URI (each name once; a repeated name fails the test). */
    public static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (out.put(name, value) != null) {
                throw new AssertionError(name + " appears twice in " + uri);
            }
        }
        return out;
    }

    /** Every {@code Set-Cookie} header. */
    public static List<String> setCookies(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie");
    }
}
