package dev.mcpauth.bootstrap.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The upstream MCP server of {@code interop/upstream/server.mjs} (the MCP TypeScript SDK's McpServer over Streamable
 * HTTP, answering with SSE), started with Node on a free port for one test class. Needs Node 20+ and {@code npm ci}
 * in {@code interop/upstream}, which the project's test script runs before Maven.
 */
public final class UpstreamMcpServer implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("mcp upstream listening on (http://\\S+)");

    private final Process process;
    private final String url;
    private final StringBuffer output = new StringBuffer();

    private UpstreamMcpServer(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    public static UpstreamMcpServer start() throws Exception {
        Path root = repositoryRoot();
        Path dir = root.resolve("interop").resolve("upstream");
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("@modelcontextprotocol").resolve("sdk"))) {
            fail(dir.resolve("node_modules") + " is missing: run the project's test script, which runs `npm ci` in"
                    + " interop/upstream before Maven (or run `npm ci` there yourself)");
        }
        ProcessBuilder builder = new ProcessBuilder(List.of("node", "server.mjs", "0"))
                .directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().put("NO_COLOR", "1");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start `node` (Node 20+ must be on the PATH): " + e.getMessage(), e);
        }
        // Standard input stays open: the server exits when it closes, that is when this JVM goes away.
        StringBuffer seen = new StringBuffer();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        ready.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            ready.completeExceptionally(new IllegalStateException("the upstream exited: " + seen));
        }, "upstream-mcp-output");
        reader.setDaemon(true);
        reader.start();
        try {
            UpstreamMcpServer server = new UpstreamMcpServer(process, ready.get(30, TimeUnit.SECONDS));
            server.output.append(seen);
            return server;
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("the upstream printed no ready line within 30 s: " + seen, e);
        }
    }

    /** The upstream's MCP endpoint, {@code http://127.0.0.1:<port>/mcp}. */
    public String url() {
        return url;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** A loopback port nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** The folder holding {@code interop/}, found by walking up from the module's working directory. */
    static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("interop").resolve("upstream").resolve("server.mjs"))) {
                return dir;
            }
        }
        throw new AssertionError("no interop/upstream/server.mjs in " + start + " or any folder above it");
    }
}
