package dev.mcpauth.adapters.http.mcp;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway's upstream client against upstreams scripted byte by byte: connection reuse, framing, TLS. */
class UpstreamClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final char[] STORE_PASSWORD = "changeit".toCharArray();

    private static EventLoopGroup loops;
    /** The loop of the request being served, as the gateway passes it: connections are pooled per loop. */
    private static EventLoop loop;
    private static ExecutorService resolving;
    private static KeyStore localhostKeys;

    @TempDir
    static Path temp;

    @BeforeAll
    static void startLoops() {
        loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        loop = loops.next();
        resolving = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stopLoops() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        resolving.shutdownNow();
    }

    @Test
    void sendWhenUpstreamKeepsAliveThenOneConnectionCarriesEveryRequest() throws Exception {
        try (ScriptedUpstream upstream = new ScriptedUpstream(request -> ScriptedUpstream.Reply.keepAlive(
                ScriptedUpstream.ok("application/json", "{\"echo\":\"" + request.body() + "\"}")))) {
            UpstreamClient client = client(null);
            for (int i = 0; i < 5; i++) {
                UpstreamClient.UpstreamResponse response = send(client, app("http", upstream), post("m" + i));
                assertEquals(200, response.status());
                assertEquals("{\"echo\":\"m" + i + "\"}", body(response));
            }
            assertEquals(1, upstream.connections());
            client.close();
        }
    }

    @Test
    void sendWhenRequestGoesOutThenItCarriesHostLengthTargetAndTheGivenHeaders() throws Exception {
        try (ScriptedUpstream upstream = new ScriptedUpstream(request -> ScriptedUpstream.Reply.keepAlive(
                ScriptedUpstream.ok("text/plain", "ok")))) {
            UpstreamClient client = client(null);
            UpstreamApp app = new UpstreamApp(URI.create("http://127.0.0.1:" + upstream.port() + "/mcp?tenant=a%20b"),
                    TIMEOUT, TIMEOUT);
            body(send(client, app, new UpstreamRequest("POST", List.of(Map.entry("X-One", "1"),
                    Map.entry("Accept", "application/json, text/event-stream")), "{}".getBytes())));
            body(send(client, app, new UpstreamRequest("GET", List.of(), new byte[0])));

            ScriptedUpstream.Received post = upstream.received().get(0);
            assertEquals("POST /mcp?tenant=a%20b HTTP/1.1", post.requestLine());
            assertEquals("127.0.0.1:" + upstream.port(), post.header("Host"));
            assertEquals("2", post.header("Content-Length"));
            assertEquals("1", post.header("X-One"));
            assertEquals("application/json, text/event-stream", post.header("Accept"));
            assertEquals("{}", post.body());
            ScriptedUpstream.Received get = upstream.received().get(1);
            assertEquals("GET /mcp?tenant=a%20b HTTP/1.1", get.requestLine());
            assertNull(get.header("Content-Length"));
            client.close();
        }
    }

    @Test
    void sendWhenUpstreamClosedTheIdleConnectionThenTheNextRequestGoesOnANewOne() throws Exception {
        try (ScriptedUpstream upstream = new ScriptedUpstream(request -> new ScriptedUpstream.Reply(
                ScriptedUpstream.ok("text/plain", "bye"), true))) {
            UpstreamConnections connections = connections(null);
            UpstreamClient client = new UpstreamClient(connections, resolving);
            UpstreamApp app = app("http", upstream);
            for (int i = 0; i < 3; i++) {
                assertEquals("bye", body(send(client, app, post("x"))));
                awaitNoIdleConnection(connections, app);
            }
            assertEquals(3, upstream.connections());
            client.close();
        }
    }

    @Test
    void sendWhenUpstreamSaysConnectionCloseThenTheConnectionIsNotReused() throws Exception {
        try (ScriptedUpstream upstream = new ScriptedUpstream(request -> ScriptedUpstream.Reply.keepAlive(
                ScriptedUpstream.ok("text/plain", "once", "Connection: close")))) {
            UpstreamClient client = client(null);
            for (int i = 0; i < 3; i++) {
                assertEquals("once", body(send(client, app("http", upstream), post("x"))));
            }
            assertEquals(3, upstream.connections());
            client.close();
        }
    }

    @Test
    void sendWhenUpstreamKeepsConnectionsOnlyBrieflyThenTheGatewayLetsThemGoFirst() throws Exception {
        try (ScriptedUpstream upstream = new ScriptedUpstream(request -> ScriptedUpstream.Reply.keepAlive(
                ScriptedUpstream.ok("text/plain", "brief", "Keep-Alive: timeout=1")))) {
            UpstreamConnections connections = connections(null);
            UpstreamClient client = new UpstreamClient(connections, resolving);
            UpstreamApp app = app("http", upstream);
            assertEquals("brief", body(send(client, app, post("x"))));
            awaitNoIdleConnection(connections, app); // one second, less the margin: dropped at once
            assertEquals("brief", body(send(client, app, post("y"))));
            assertEquals(2, upstream.connections());
            client.close();
        }
    }

    @Test
    void keepAliveWhenAnnouncedThenOneSecondLessWithinBoundsElseTheDefault() {
        assertEquals(Duration.ofSeconds(4), UpstreamConnection.keepAlive(keepAliveHeader("timeout=5")));
        assertEquals(Duration.ofSeconds(9), UpstreamConnection.keepAlive(keepAliveHeader("max=100, timeout=10")));
        assertEquals(Duration.ZERO, UpstreamConnection.keepAlive(keepAliveHeader("timeout=0")));
        assertEquals(Duration.ofSeconds(60), UpstreamConnection.keepAlive(keepAliveHeader("timeout=86400")));
        assertEquals(UpstreamConnection.DEFAULT_KEEP_ALIVE, UpstreamConnection.keepAlive(keepAliveHeader("timeout=x")));
        assertEquals(UpstreamConnection.DEFAULT_KEEP_ALIVE, UpstreamConnection.keepAlive(new DefaultHttpHeaders()));
    }

    @Test
    void sendWhenUpstreamSendsEarlyHintsFirstThenTheFinalAnswerIsRelayed() throws Exception {
        try (ScriptedUpstream upstream = new ScriptedUpstream(request -> ScriptedUpstream.Reply.keepAlive(
                "HTTP/1.1 103 Early Hints\r\nLink: </x>; rel=preload\r\n\r\n"
                        + ScriptedUpstream.ok("application/json", "{\"final\":true}")))) {
            UpstreamClient client = client(null);
            UpstreamClient.UpstreamResponse response = send(client, app("http", upstream), post("x"));
            assertEquals(200, response.status());
            assertEquals("{\"final\":true}", body(response));
            client.close();
        }
    }

    @Test
    void sendWhenUpstreamStreamsChunksThenTheBodyArrivesWhole() throws Exception {
        String first = "event: message\ndata: {\"n\":1}\n\n";
        String second = "event: message\ndata: {\"n\":2}\n\n";
        try (ScriptedUpstream upstream = new ScriptedUpstream(request -> ScriptedUpstream.Reply.keepAlive(
                "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + chunk(first) + chunk(second) + "0\r\n\r\n"))) {
            UpstreamClient client = client(null);
            UpstreamClient.UpstreamResponse response = send(client, app("http", upstream), post("x"));
            assertEquals("text/event-stream", response.headers().get("content-type"));
            assertEquals(first + second, body(response));
            // the chunked answer ended cleanly, so its connection serves the next request
            assertEquals(first + second, body(send(client, app("http", upstream), post("y"))));
            assertEquals(1, upstream.connections());
            client.close();
        }
    }

    @Test
    void sendWhenUpstreamAnswersGarbageThenUnavailable() throws Exception {
        try (ScriptedUpstream upstream = new ScriptedUpstream(request -> new ScriptedUpstream.Reply(
                "SSH-2.0-OpenSSH_9.6\r\n\r\n", true))) {
            UpstreamClient client = client(null);
            UpstreamClient.UpstreamException e = assertThrows(UpstreamClient.UpstreamException.class,
                    () -> send(client, app("http", upstream), post("x")));
            assertEquals(UpstreamClient.UpstreamException.Kind.UNAVAILABLE, e.kind());
            client.close();
        }
    }

    @Test
    void sendWhenUpstreamHangsUpMidBodyThenReadingTheBodyFails() throws Exception {
        try (ScriptedUpstream upstream = new ScriptedUpstream(request -> new ScriptedUpstream.Reply(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\npartial", true))) {
            UpstreamClient client = client(null);
            UpstreamClient.UpstreamResponse response = send(client, app("http", upstream), post("x"));
            assertEquals(200, response.status());
            assertThrows(IOException.class, () -> body(response));
            client.close();
        }
    }

    @Test
    void sendWhenManyCallersAtOnceThenEachGetsItsOwnAnswerOnFewConnections() throws Exception {
        try (ScriptedUpstream upstream = new ScriptedUpstream(request -> ScriptedUpstream.Reply.keepAlive(
                ScriptedUpstream.ok("text/plain", request.body())))) {
            UpstreamClient client = client(null);
            ExecutorService callers = Executors.newFixedThreadPool(8);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int caller = 0; caller < 8; caller++) {
                int id = caller;
                Callable<Boolean> calls = () -> {
                    for (int i = 0; i < 25; i++) {
                        String text = id + "-" + i;
                        if (!text.equals(body(send(client, app("http", upstream), post(text))))) {
                            return false;
                        }
                    }
                    return true;
                };
                results.add(callers.submit(calls));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get(60, TimeUnit.SECONDS));
            }
            callers.shutdown();
            assertEquals(200, upstream.received().size());
            assertTrue(upstream.connections() <= 8, upstream.connections() + " connections");
            client.close();
        }
    }

    @Test
    void sendWhenHttpsUpstreamPresentsATrustedCertificateForItsNameThenAnswered() throws Exception {
        try (ScriptedUpstream upstream = tlsUpstream()) {
            UpstreamClient client = client(trusting(localhostCertificate()));
            UpstreamApp app = tlsApp("localhost", upstream);
            assertEquals("secure", body(send(client, app, post("x"))));
            assertEquals("secure", body(send(client, app, post("y"))));
            assertEquals(1, upstream.connections());
            client.close();
        }
    }

    @Test
    void sendWhenHttpsUpstreamCertificateNamesAnotherHostThenUnavailable() throws Exception {
        // the certificate is trusted, but it is localhost's, and this is 127.0.0.1
        assertRefusedOverTls(trusting(localhostCertificate()), "127.0.0.1");
    }

    @Test
    void sendWhenHttpsUpstreamCertificateIsNotInTheJdkTrustStoreThenUnavailable() throws Exception {
        assertRefusedOverTls(null, "localhost"); // null: what the gateway uses, the JDK's trust store
    }

    private static void assertRefusedOverTls(SslContext trust, String host) throws Exception {
        try (ScriptedUpstream upstream = tlsUpstream()) {
            UpstreamClient client = client(trust);
            UpstreamClient.UpstreamException e = assertThrows(UpstreamClient.UpstreamException.class,
                    () -> send(client, tlsApp(host, upstream), post("x")));
            assertEquals(UpstreamClient.UpstreamException.Kind.UNAVAILABLE, e.kind());
            assertTrue(upstream.received().isEmpty());
            client.close();
        }
    }

    /** An upstream on TLS with localhost's self-signed certificate. */
    private static ScriptedUpstream tlsUpstream() throws Exception {
        return new ScriptedUpstream(tlsServer(localhostCertificate()).getServerSocketFactory(),
                request -> ScriptedUpstream.Reply.keepAlive(ScriptedUpstream.ok("text/plain", "secure")));
    }

    private static UpstreamApp tlsApp(String host, ScriptedUpstream upstream) {
        return new UpstreamApp(URI.create("https://" + host + ":" + upstream.port() + "/mcp"), TIMEOUT, TIMEOUT);
    }

    /** Sends and waits for the response's head, as the gateway's event loop would. */
    private static UpstreamClient.UpstreamResponse send(UpstreamClient client, UpstreamApp app,
                                                        UpstreamRequest request) throws Exception {
        try {
            return client.send(app, request, TIMEOUT, loop).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UpstreamClient.UpstreamException upstream ? upstream : e;
        }
    }

    private static UpstreamConnections connections(SslContext tls) {
        return new UpstreamConnections(loops, NioSocketChannel::new, tls);
    }

    private static UpstreamClient client(SslContext tls) {
        return new UpstreamClient(connections(tls), resolving);
    }

    private static UpstreamApp app(String scheme, ScriptedUpstream upstream) {
        return new UpstreamApp(URI.create(scheme + "://127.0.0.1:" + upstream.port() + "/mcp"), TIMEOUT, TIMEOUT);
    }

    private static UpstreamRequest post(String body) {
        return new UpstreamRequest("POST", List.of(Map.entry("Content-Type", "text/plain")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(UpstreamClient.UpstreamResponse response) throws IOException {
        try {
            return new String(response.body().collect(1 << 20, bytes -> false).get(30, TimeUnit.SECONDS),
                    StandardCharsets.UTF_8);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IOException(e);
        }
    }

    private static String chunk(String text) {
        return Integer.toHexString(text.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + text + "\r\n";
    }

    private static io.netty.handler.codec.http.HttpHeaders keepAliveHeader(String value) {
        return new DefaultHttpHeaders().add("Keep-Alive", value);
    }

    private static void awaitNoIdleConnection(UpstreamConnections connections, UpstreamApp app)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (connections.idle(app.uri()) > 0) {
            assertTrue(System.nanoTime() < deadline, "the idle connection was never let go");
            Thread.sleep(10);
        }
    }

    private static synchronized KeyStore localhostCertificate() throws Exception {
        if (localhostKeys == null) {
            localhostKeys = certificateFor("localhost");
        }
        return localhostKeys;
    }

    /** A fresh EC key and self-signed certificate for {@code host}, made by the JDK's keytool. */
    private static KeyStore certificateFor(String host) throws Exception {
        Path store = Files.createTempFile(temp, "upstream", ".p12");
        Files.delete(store);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "upstream", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + host, "-ext", "SAN=dns:" + host, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(STORE_PASSWORD), "-keypass", new String(STORE_PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), output);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, STORE_PASSWORD);
        }
        return keys;
    }

    private static SSLContext tlsServer(KeyStore keys) throws Exception {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, STORE_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        return context;
    }

    private static SslContext trusting(KeyStore keys) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("upstream", keys.getCertificate("upstream"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        return SslContextBuilder.forClient().trustManager(trust).build();
    }
}
