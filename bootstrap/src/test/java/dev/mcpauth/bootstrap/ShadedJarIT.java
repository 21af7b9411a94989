package dev.mcpauth.bootstrap;

import dev.mcpauth.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The jar that ships, started the way the README starts it ({@code java -jar}, the embedded default): everything else
 * runs from class directories, and in the jar Micronaut finds its beans through {@link JarServiceIndex} instead of
 * its own scan; and the class-data archive the build records for {@code scripts/run.sh}. Runs after {@code package}
 * (failsafe).
 */
class ShadedJarIT {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static Process server;
    private static Path log;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        Path jar = Path.of("target", "mcpauth.jar");
        assertTrue(Files.isRegularFile(jar), "run after package: " + jar.toAbsolutePath());
        int port = TestServer.freePort();
        base = "http://127.0.0.1:" + port;
        log = Files.createTempFile("mcpauth-jar", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        builder.environment().keySet().removeIf(name -> name.startsWith("MCPAUTH_") || name.startsWith("MICRONAUT_"));
        builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        server = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && server.isAlive()) {
            try {
                if (get("/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the jar did not start within 60 s:\n" + Files.readString(log));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void discoveryWhenRunFromTheJarThenServedWithTheIssuer() throws Exception {
        HttpResponse<String> response = get("/.well-known/oauth-authorization-server");

        assertEquals(200, response.statusCode(), response::body);
        assertTrue(response.body().contains("\"issuer\":\"" + base + "\""), response.body());
        assertTrue(Files.readString(log).contains(" started in "), "it logs its start");
    }

    @Test
    void mcpWhenRunFromTheJarWithoutTokenThenChallengedWithTheResourceMetadata() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertEquals(401, response.statusCode(), response::body);
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("")
                .contains("resource_metadata=\"" + base + "/.well-known/oauth-protected-resource"),
                response.headers().toString());
    }

    @Test
    void classDataArchiveWhenPackagedThenRecordedBesideTheJarForScriptsRunSh() throws IOException {
        // Maven passes -Dmcpauth.archive.skip on to this JVM: a build told to skip the archive has none to check
        assumeFalse(Boolean.parseBoolean(System.getProperty("mcpauth.archive.skip", "false")), "archive skipped");
        Path jar = Path.of("target", "mcpauth.jar");
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().matches("mcpauth-jdk\\d+\\.jsa"))
                    .toList();

            assertEquals(1, archives.size(), "bootstrap/pom.xml runs scripts/run.sh train after the jar: " + archives);
            assertTrue(Files.getLastModifiedTime(archives.get(0)).compareTo(Files.getLastModifiedTime(jar)) > 0,
                    "newer than the jar, or scripts/run.sh would not use it");
            assertTrue(Files.size(archives.get(0)) > 1_000_000, "classes in it: " + Files.size(archives.get(0)));
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
