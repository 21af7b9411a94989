package dev.mcpauth.adapters.http.mcp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in upstream MCP server (Streamable HTTP, answering with SSE) on a JDK HTTP server, scripted for the
 * gateway tests: it records what reached it and can be slow, silent or rude on demand.
 *
 * <ul>
 *     <li>{@code /mcp}: {@code initialize} creates a session; {@code tools/list} lists {@code echo},
 *     {@code whoami-upstream} and {@code secret}; {@code tools/call} {@code echo} answers at once, {@code slow} sends
 *     a progress event and waits for {@link #releaseSlow()}, {@code hang} sends headers and then nothing,
 *     {@code stall} sends one event and then nothing; GET opens a stream with one event; DELETE ends a session.</li>
 *     <li>{@code /late}: waits {@link #LATE} before sending any headers.</li>
 *     <li>{@code /refuse}: 401 with its own {@code WWW-Authenticate}.</li>
 *     <li>{@code /json}: answers with {@code application/json} instead of SSE.</li>
 *     <li>{@code /quiet}: like {@code /mcp}, but a GET stream stays silent for {@link #QUIET} after its headers.</li>
 * </ul>
 */
final class FakeUpstream implements AutoCloseable {
    static final Duration LATE = Duration.ofSeconds(8);
    static final Duration QUIET = Duration.ofSeconds(3);
    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\"[^\"]*\"|[0-9]+)");
    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sessionCounter = new AtomicInteger();
    private volatile CountDownLatch slowRelease = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    /** One request as it reached the upstream; header names in lower case. */
    record Recorded(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null ? null : String.join(", ", values);
        }
    }

    FakeUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Recorded> requests() {
        return requests;
    }

    Recorded last() {
        return requests.get(requests.size() - 1);
    }

    void releaseSlow() {
        slowRelease.countDown();
    }

    void resetSlow() {
        slowRelease = new CountDownLatch(1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
            String path = exchange.getRequestURI().getPath();
            requests.add(new Recorded(exchange.getRequestMethod(), path, headers, body));
            switch (path) {
                case "/late" -> {
                    sleep(LATE);
                    sse(exchange, null);
                    send(exchange, message(idOf(body), "{\"late\":true}"));
                }
                case "/refuse" -> {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"upstream\"");
                    exchange.sendResponseHeaders(401, -1);
                }
                case "/json" -> json(exchange, body);
                case "/quiet" -> mcp(exchange, body, QUIET);
                default -> mcp(exchange, body, Duration.ZERO);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the gateway went away (a cancelled stream): nothing more to send
        }
    }

    private void mcp(HttpExchange exchange, String body, Duration getDelay) throws IOException, InterruptedException {
        String session = exchange.getRequestHeaders().getFirst("Mcp-Session-Id");
        switch (exchange.getRequestMethod()) {
            case "GET" -> {
                if (!sessions.contains(session)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                sse(exchange, null);
                sleep(getDelay);
                String lastEventId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
                send(exchange, "id: 7\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
                        + "\"params\":{\"level\":\"info\",\"data\":\"resumed after " + lastEventId + "\"}}\n\n");
                closed.await(10, TimeUnit.SECONDS);
            }
            case "DELETE" -> exchange.sendResponseHeaders(sessions.remove(session) ? 200 : 404, -1);
            case "POST" -> post(exchange, body, session);
            default -> exchange.sendResponseHeaders(405, -1);
        }
    }

    private void post(HttpExchange exchange, String body, String session) throws IOException, InterruptedException {
        String method = find(METHOD, body);
        String id = idOf(body);
        if ("initialize".equals(method)) {
            String created = "upstream-session-" + sessionCounter.incrementAndGet();
            sessions.add(created);
            sse(exchange, created);
            send(exchange, message(id, "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}},"
                    + "\"serverInfo\":{\"name\":\"fake-upstream\",\"version\":\"1\"}}"));
            return;
        }
        if (!sessions.contains(session)) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        if (id == null) {
            exchange.sendResponseHeaders(202, -1);
            return;
        }
        switch (String.valueOf(method)) {
            case "tools/list" -> {
                sse(exchange, null);
                send(exchange, ": a comment the gateway may drop\n\n" + message(id, "{\"tools\":["
                        + tool("echo") + "," + tool("whoami-upstream") + "," + tool("secret") + "]}"));
            }
            case "tools/call" -> call(exchange, id, body.replaceFirst("\"method\"\\s*:\\s*\"[^\"]+\"", ""));
            default -> {
                sse(exchange, null);
                send(exchange, message(id, "{}"));
            }
        }
    }

    private void call(HttpExchange exchange, String id, String body) throws IOException, InterruptedException {
        String tool = find(NAME, body);
        sse(exchange, null);
        switch (String.valueOf(tool)) {
            case "slow" -> {
                send(exchange, progress());
                slowRelease.await(10, TimeUnit.SECONDS);
                send(exchange, message(id, text("slow done")));
            }
            case "hang" -> closed.await(10, TimeUnit.SECONDS);
            case "stall" -> {
                send(exchange, progress());
                closed.await(10, TimeUnit.SECONDS);
            }
            default -> send(exchange, message(id, text(tool + " called")));
        }
    }

    private void json(HttpExchange exchange, String body) throws IOException {
        String method = find(METHOD, body);
        String id = idOf(body);
        String result = "tools/list".equals(method)
                ? "{\"tools\":[" + tool("echo") + "," + tool("secret") + "]}"
                : "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"serverInfo\":{\"name\":\"json\",\"version\":\"1\"}}";
        if ("initialize".equals(method)) {
            String created = "json-session-" + sessionCounter.incrementAndGet();
            sessions.add(created);
            exchange.getResponseHeaders().add("Mcp-Session-Id", created);
        }
        byte[] bytes = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Upstream", "json");
        exchange.getResponseHeaders().add("Connection", "X-Hop");
        exchange.getResponseHeaders().add("X-Hop", "dropped");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sse(HttpExchange exchange, String createdSession) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().add("Cache-Control", "no-cache");
        exchange.getResponseHeaders().add("X-Upstream", "fake");
        if (createdSession != null) {
            exchange.getResponseHeaders().add("Mcp-Session-Id", createdSession);
        }
        exchange.sendResponseHeaders(200, 0);
        exchange.getResponseBody().flush();
    }

    private static void send(HttpExchange exchange, String text) throws IOException {
        OutputStream out = exchange.getResponseBody();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String message(String id, String result) {
        return "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}\n\n";
    }

    private static String progress() {
        return "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
                + "\"params\":{\"progressToken\":\"p1\",\"progress\":1,\"total\":2}}\n\n";
    }

    private static String text(String text) {
        return "{\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}";
    }

    private static String tool(String name) {
        return "{\"name\":\"" + name + "\",\"inputSchema\":{\"type\":\"object\"}}";
    }

    private static String idOf(String body) {
        return find(ID, body);
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    @Override
    public void close() {
        closed.countDown();
        slowRelease.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
