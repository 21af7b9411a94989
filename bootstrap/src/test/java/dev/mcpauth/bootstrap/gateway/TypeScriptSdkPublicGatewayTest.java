package dev.mcpauth.bootstrap.gateway;

// Relies on the lead's wiring (bootstrap main code): a @Singleton dev.mcpauth.adapters.http.mcp.GatewaySettings
// with an UpstreamApp for each app's `upstream`, and PublicAccess from mcpauth.auth.public-access.tools and
// .rate-limit. Needs Node 20+ and `npm ci` in interop/ts-sdk and interop/upstream (the project's test script).

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The official MCP TypeScript SDK client ({@code interop/ts-sdk/public-flow.mjs}) through the gateway in public mode
 * to the SDK's own server ({@code interop/upstream/server.mjs}): anonymous sessions without any login, one per
 * client, the tool limit on {@code tools/list} and {@code tools/call}, a forged session id refused, and DELETE.
 */
class TypeScriptSdkPublicGatewayTest {
    private static final long TIMEOUT_SECONDS = 75;
    private static final String OK_LINE = "ts-sdk public flow: OK";

    @Test
    void sdkClientWhenPublicModeThenAnonymousSessionsAndToolLimitsWorkEndToEnd() throws Exception {
        Path root = UpstreamMcpServer.repositoryRoot();
        Path flowDir = root.resolve("interop").resolve("ts-sdk");
        if (!Files.isDirectory(flowDir.resolve("node_modules").resolve("@modelcontextprotocol").resolve("sdk"))) {
            fail(flowDir.resolve("node_modules") + " is missing: run the project's test script, which runs"
                    + " `npm ci` in interop/ts-sdk before Maven (or run `npm ci` there yourself)");
        }
        try (UpstreamMcpServer upstream = UpstreamMcpServer.start();
             PublicServer server = PublicServer.start(upstream.url(), Map.of(
                     "mcpauth.auth.public-access.tools", List.of("echo", "whoami-upstream"),
                     "mcpauth.auth.public-access.rate-limit", 0))) {
            ProcessBuilder builder = new ProcessBuilder(List.of("node", "interop/ts-sdk/public-flow.mjs",
                    server.mcpUrl()))
                    .directory(root.toFile())
                    .redirectErrorStream(true);
            builder.environment().put("NO_COLOR", "1");
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new AssertionError("cannot start `node` (Node 20+ must be on the PATH): " + e.getMessage(), e);
            }
            process.getOutputStream().close();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread drain = drain(process.getInputStream(), output);

            boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            drain.join(TimeUnit.SECONDS.toMillis(10));
            String text;
            synchronized (output) {
                text = output.toString(StandardCharsets.UTF_8);
            }
            System.out.println(text);

            assertTrue(finished, "the public flow did not finish within " + TIMEOUT_SECONDS + " s; output:\n" + text);
            assertEquals(0, process.exitValue(), "the public flow failed; its output:\n" + text);
            assertTrue(text.lines().anyMatch(OK_LINE::equals), "no `" + OK_LINE + "` line; output:\n" + text);
        }
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream into) {
        Thread thread = new Thread(() -> {
            byte[] chunk = new byte[8192];
            try (in) {
                for (int n; (n = in.read(chunk)) != -1; ) {
                    synchronized (into) {
                        into.write(chunk, 0, n);
                    }
                }
            } catch (IOException e) {
                // the pipe breaks when the process is killed; what was read is reported
            }
        }, "ts-sdk-public-flow-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
