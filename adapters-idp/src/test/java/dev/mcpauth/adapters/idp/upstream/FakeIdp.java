package dev.mcpauth.adapters.idp.upstream;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A real HTTP server on 127.0.0.1 standing in for the upstream IdP: serves its metadata and JWK Set, counts the
 * requests per path, and can rotate keys, fail, stall, redirect, and stop.
 */
final class FakeIdp implements AutoCloseable {
    static final String JWKS_PATH = "/jwks";
    static final String OIDC_PATH = "/.well-known/openid-configuration";
    static final String OAUTH_PATH = "/.well-known/oauth-authorization-server";

    record Response(int status, String contentType, byte[] body, Map<String, String> headers, boolean chunked) {
        static Response json(String body) {
            return new Response(200, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of(), false);
        }

        static Response redirect(String location) {
            return new Response(302, null, new byte[0], Map.of("Location", location), false);
        }

        static Response status(int status) {
            return new Response(status, "application/json", "{\"error\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                    Map.of(), false);
        }
    }

    static {
        // the JDK server writes headers and body apart: without TCP_NODELAY, Nagle and delayed ACKs add 40 ms to
        // every request on a kept-alive connection
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-idp");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Supplier<Response>> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final String issuerPath;
    private volatile List<JWK> keys = List.of();
    private volatile int failWith;
    private volatile long delayMillis;

    /** An IdP whose issuer is {@code http://127.0.0.1:<port>} plus {@code issuerPath} ("" or "/tenant"). */
    FakeIdp(String issuerPath) throws IOException {
        this.issuerPath = issuerPath;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        serveOpenIdConfiguration();
        routes.put(JWKS_PATH, () -> Response.json(jwksJson()));
    }

    FakeIdp() throws IOException {
        this("");
    }

    String issuer() {
        return origin() + issuerPath;
    }

    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    URI uri(String path) {
        return URI.create(origin() + path);
    }

    /** The metadata at {@code <issuer>/.well-known/openid-configuration} only. */
    void serveOpenIdConfiguration() {
        routes.put(issuerPath + OIDC_PATH, () -> Response.json(metadata(issuer())));
    }

    /** The metadata at the RFC 8414 path-inserted {@code /.well-known/oauth-authorization-server<path>} only. */
    void serveOnlyOAuthMetadata() {
        routes.remove(issuerPath + OIDC_PATH);
        routes.put(OAUTH_PATH + issuerPath, () -> Response.json(metadata(issuer())));
    }

    void route(String path, Supplier<Response> response) {
        routes.put(path, response);
    }

    /** Serves these public keys as the JWK Set from now on (a rotation when they differ). */
    void publish(JWK... published) {
        List<JWK> publicKeys = new ArrayList<>();
        for (JWK key : published) {
            // symmetric keys have no public part: published as they are, as a careless IdP might
            publicKeys.add(key.isPrivate() && key.toPublicJWK() != null ? key.toPublicJWK() : key);
        }
        keys = List.copyOf(publicKeys);
    }

    String jwksJson() {
        List<Object> json = new ArrayList<>();
        for (JWK key : keys) {
            json.add(key.toJSONObject());
        }
        return JSONObjectUtils.toJSONString(Map.of("keys", json));
    }

    /** Answers every request with this status (500: the IdP is down); 0 serves normally again. */
    void failWith(int status) {
        failWith = status;
    }

    /** Waits this long before answering anything. */
    void delay(long millis) {
        delayMillis = millis;
    }

    int requests(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    int totalRequests() {
        return requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Stops listening: connections are refused from now on. */
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        executor.awaitTermination(2, TimeUnit.SECONDS);
    }

    private String metadata(String issuer) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", issuer);
        metadata.put("authorization_endpoint", issuer + "/authorize");
        metadata.put("token_endpoint", issuer + "/token");
        metadata.put("jwks_uri", origin() + JWKS_PATH);
        return JSONObjectUtils.toJSONString(metadata);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        try {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            Response response;
            if (failWith != 0) {
                response = Response.status(failWith);
            } else {
                Supplier<Response> route = routes.get(path);
                response = route == null ? Response.status(404) : route.get();
            }
            if (response.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", response.contentType());
            }
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            byte[] body = response.body();
            long length = response.chunked() ? 0 : (body.length == 0 ? -1 : body.length);
            exchange.sendResponseHeaders(response.status(), length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away (timeouts, size caps): expected in these tests
        } finally {
            exchange.close();
        }
    }
}
