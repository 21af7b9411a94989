package dev.mcpauth.bootstrap.scaleout;

import dev.mcpauth.bootstrap.McpAuthApplication;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One mcpauth instance in its own JVM, as a deployment runs several behind a load balancer: started with a YAML
 * configuration file, ready once {@code /health} answers, and stoppable (killed, like a crashed node) mid-test.
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final StringBuffer output = new StringBuffer();

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                // the process was killed; what it printed so far is kept
            }
        }, "mcpauth-instance-" + port);
        reader.setDaemon(true);
        reader.start();
    }

    static ServerProcess start(Path configFile) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dmicronaut.config.files=" + configFile,
                "-Dmicronaut.server.port=" + port,
                "-cp", System.getProperty("java.class.path"),
                McpAuthApplication.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("MCPAUTH_") || name.startsWith("MICRONAUT_"));
        ServerProcess server = new ServerProcess(builder.start(), port);
        server.awaitHealthy();
        return server;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String output() {
        return output.toString();
    }

    private void awaitHealthy() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("mcpauth exited with " + process.exitValue() + ":\n" + output);
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        close();
        throw new AssertionError("mcpauth did not become healthy within " + STARTUP + ":\n" + output);
    }

    /** Kills the instance without a graceful shutdown, as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
