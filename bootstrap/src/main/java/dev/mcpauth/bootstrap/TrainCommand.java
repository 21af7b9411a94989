package dev.mcpauth.bootstrap;

import dev.mcpauth.adapters.http.support.Json;
import dev.mcpauth.adapters.idp.password.BouncyCastlePasswordHasher;
import dev.mcpauth.adapters.idp.random.SecureRandomTokenGenerator;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar mcpauth.jar train}: starts the server on its built-in defaults on a free loopback port, makes the
 * requests of a client's first contact (health, discovery, an MCP call without a token, a registration, the
 * authorization page), checks each answer, and stops. {@code scripts/run.sh train} runs it under
 * {@code -XX:ArchiveClassesAtExit} when the jar is built, so that the classes a start and its first requests load are
 * in a class-data archive before the first real start, which then takes about half the time. Exit status 0 when
 * every answer was the expected one, 1 otherwise (the build fails: the packaged server does not work).
 */
final class TrainCommand {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private TrainCommand() {
    }

    static int run(PrintStream out) {
        // the embedded default's mode with a user of its own, so that no development login is generated or printed
        char[] password = new SecureRandomTokenGenerator().newSecret().toCharArray();
        Map<String, Object> properties = Map.of(
                "micronaut.server.host", "127.0.0.1",
                "micronaut.server.port", -1,
                "mcpauth.auth.mode", "orchestrated",
                "mcpauth.auth.type", "local",
                "mcpauth.auth.users[0].username", "train",
                "mcpauth.auth.users[0].password-hash", new BouncyCastlePasswordHasher().hash(password));
        try (ApplicationContext context = McpAuthApplication.start(properties)) {
            URI base = context.getBean(EmbeddedServer.class).getURI();
            List<String> failures = exercise(base, context.getBean(Json.class), out);
            failures.forEach(failure -> out.println("train: unexpected answer: " + failure));
            return failures.isEmpty() ? 0 : 1;
        }
    }

    /** The first contact of a client with the server at base; what answered otherwise than expected. */
    static List<String> exercise(URI base, Json json, PrintStream out) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        List<String> failures = new ArrayList<>();
        Exchange exchange = new Exchange(client, out, failures);
        exchange.expect(get(base, "/health"), 200);
        exchange.expect(get(base, "/.well-known/oauth-protected-resource/mcp"), 200);
        exchange.expect(get(base, "/.well-known/oauth-authorization-server"), 200);
        exchange.expect(get(base, "/.well-known/jwks.json"), 200);
        exchange.expect(post(base, "/mcp", "application/json, text/event-stream", "{\"jsonrpc\":\"2.0\",\"id\":1,"
                + "\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"train\",\"version\":\"1\"}}}"), 401);
        String redirectUri = "http://127.0.0.1:9/callback";
        Optional<HttpResponse<String>> registration = exchange.expect(post(base, "/oauth/register",
                "application/json", "{\"client_name\":\"train\",\"redirect_uris\":[\"" + redirectUri + "\"],"
                        + "\"token_endpoint_auth_method\":\"none\",\"grant_types\":[\"authorization_code\","
                        + "\"refresh_token\"],\"response_types\":[\"code\"]}"), 201);
        Optional<String> clientId = registration.flatMap(response -> clientIdIn(json, response.body()));
        if (registration.isPresent() && clientId.isEmpty()) {
            failures.add("POST /oauth/register answered without a client_id");
        }
        clientId.ifPresent(id -> exchange.expect(get(base, "/oauth/authorize?response_type=code&client_id="
                + encode(id) + "&redirect_uri=" + encode(redirectUri) + "&scope=mcp&state=train&code_challenge="
                + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32])
                + "&code_challenge_method=S256&resource=" + encode(base.resolve("/mcp").toString())), 200, 302, 303));
        return failures;
    }

    private static HttpRequest get(URI base, String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(TIMEOUT)
                .header("Accept", "text/html,application/json;q=0.9,*/*;q=0.8").GET().build();
    }

    private static HttpRequest post(URI base, String path, String accept, String json) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header("Content-Type", "application/json")
                .header("Accept", accept).POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
    }

    private static Optional<String> clientIdIn(Json json, String body) {
        try {
            return Optional.ofNullable(json.readObject(body.getBytes(StandardCharsets.UTF_8)).get("client_id"))
                    .filter(String.class::isInstance).map(String.class::cast);
        } catch (RuntimeException notAJsonObject) {
            return Optional.empty();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Sends requests, prints each answer's status, and notes those that were not expected. */
    private record Exchange(HttpClient client, PrintStream out, List<String> failures) {
        Optional<HttpResponse<String>> expect(HttpRequest request, Integer... statuses) {
            String what = request.method() + " " + request.uri().getRawPath();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                out.println("train: " + what + " " + response.statusCode());
                if (Arrays.asList(statuses).contains(response.statusCode())) {
                    return Optional.of(response);
                }
                failures.add(what + " answered " + response.statusCode() + ", expected " + Arrays.toString(statuses));
            } catch (IOException e) {
                failures.add(what + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(what + ": interrupted");
            }
            return Optional.empty();
        }
    }
}
