package dev.mcpauth.bootstrap.interop;

import dev.mcpauth.bootstrap.gateway.UpstreamMcpServer;
import dev.mcpauth.bootstrap.support.TestServer;
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
 * The official MCP TypeScript SDK client ({@code interop/ts-sdk/flow.mjs}) against a real server in orchestrated
 * local mode: discovery from the 401 (RFC 9728, RFC 8414), dynamic registration (RFC 7591), authorization code
 * with PKCE through the login form, token exchange, refresh with rotation, {@code whoami} through the MCP
 * endpoint, and refresh-token reuse detection (OAuth 2.1 §4.3.1). Needs Node 20+ and {@code npm ci} in
 * {@code interop/ts-sdk}, which the project's test script runs before Maven.
 */
class TypeScriptSdkInteropTest {
    private static final long TIMEOUT_SECONDS = 90;
    private static final String OK_LINE = "ts-sdk flow: OK";

    @Test
    void sdkClientWhenItRunsTheWholeOAuthFlowThenWhoamiAnswersForTheSignedInUser() throws Exception {
        try (TestServer server = TestServer.orchestratedLocal()) {
            runFlow(server, Map.of());
        }
    }

    /** session-mode stateless: sealed codes and sessions, no refresh token; the SDK still reaches whoami. */
    @Test
    void sdkClientWhenServerIsStatelessThenFlowCompletesWithoutRefreshToken() throws Exception {
        try (TestServer server = TestServer.orchestratedLocal(Map.of("mcpauth.auth.session-mode", "stateless"))) {
            runFlow(server, Map.of("MCPAUTH_SESSION_MODE", "stateless"));
        }
    }

    /**
     * Transparent mode: the SDK meets a gateway that only validates tokens; its protected resource metadata sends the
     * SDK to the IdP (here another mcpauth, which lists the gateway's resource among those it issues tokens for),
     * where it registers, signs in and refreshes, and then calls whoami through the gateway with the IdP's token.
     */
    @Test
    void sdkClientWhenGatewayIsTransparentThenItAuthorizesAtTheIdpAndCallsThroughTheGateway() throws Exception {
        int gatewayPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            gatewayPort = socket.getLocalPort();
        }
        String gatewayUrl = "http://127.0.0.1:" + gatewayPort;
        try (TestServer idp = TestServer.orchestratedLocal(Map.of("mcpauth.auth.additional-resources",
                List.of(gatewayUrl + "/mcp")));
             TestServer gateway = TestServer.transparent(idp.baseUrl(), Map.of("micronaut.server.port", gatewayPort,
                     "mcpauth.server.public-url", gatewayUrl, "mcpauth.auth.required-scopes", List.of("mcp")))) {
            runFlow(gateway, Map.of());
        }
    }

    /** Orchestrated local through the gateway to a real upstream MCP server (the SDK's own, streaming SSE). */
    @Test
    void sdkClientWhenAppHasUpstreamThenCallsReachItWithIdentityAndWithoutToken() throws Exception {
        try (UpstreamMcpServer upstream = UpstreamMcpServer.start();
             TestServer server = TestServer.orchestratedLocal(Map.of("mcpauth.apps",
                     List.of(Map.of("id", "tools", "path", "/mcp", "upstream", upstream.url()))))) {
            runFlow(server, Map.of("MCPAUTH_UPSTREAM", "whoami-upstream"));
        }
    }

    /** Transparent mode through the gateway to a real upstream MCP server, with the IdP's token. */
    @Test
    void sdkClientWhenTransparentGatewayHasUpstreamThenCallsReachIt() throws Exception {
        int gatewayPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            gatewayPort = socket.getLocalPort();
        }
        String gatewayUrl = "http://127.0.0.1:" + gatewayPort;
        try (UpstreamMcpServer upstream = UpstreamMcpServer.start();
             TestServer idp = TestServer.orchestratedLocal(Map.of("mcpauth.auth.additional-resources",
                     List.of(gatewayUrl + "/mcp")));
             TestServer gateway = TestServer.transparent(idp.baseUrl(), Map.of("micronaut.server.port", gatewayPort,
                     "mcpauth.server.public-url", gatewayUrl,
                     "mcpauth.apps", List.of(Map.of("id", "tools", "path", "/mcp", "upstream", upstream.url()))))) {
            runFlow(gateway, Map.of("MCPAUTH_UPSTREAM", "whoami-upstream"));
        }
    }

    private static void runFlow(TestServer server, Map<String, String> environment) throws Exception {
        Path root = repositoryRoot();
        Path flowDir = root.resolve("interop").resolve("ts-sdk");
        if (!Files.isDirectory(flowDir.resolve("node_modules").resolve("@modelcontextprotocol").resolve("sdk"))) {
            fail(flowDir.resolve("node_modules") + " is missing: run the project's test script, which runs"
                    + " `npm ci` in interop/ts-sdk before Maven (or run `npm ci` there yourself)");
        }

        {
            ProcessBuilder builder = new ProcessBuilder(List.of("node", "interop/ts-sdk/flow.mjs", server.mcpUrl()))
                    .directory(root.toFile())
                    .redirectErrorStream(true);
            builder.environment().put("MCPAUTH_USERNAME", TestServer.USERNAME);
            builder.environment().put("MCPAUTH_PASSWORD", TestServer.PASSWORD);
            builder.environment().put("NO_COLOR", "1");
            builder.environment().putAll(environment);

            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new AssertionError("cannot start `node` (Node 20+ must be on the PATH): " + e.getMessage(), e);
            }
            process.getOutputStream().close();
            OutputCollector output = new OutputCollector(process.getInputStream());
            output.start();

            boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            output.join(TimeUnit.SECONDS.toMillis(10));
            String text = output.text();
            System.out.println(text);

            assertTrue(finished, "the TypeScript SDK flow did not finish within " + TIMEOUT_SECONDS
                    + " s and was killed; its output:\n" + text);
            assertEquals(0, process.exitValue(), "the TypeScript SDK flow failed; its output:\n" + text);
            assertTrue(text.lines().anyMatch(OK_LINE::equals), "no `" + OK_LINE + "` line; output:\n" + text);
        }
    }

    /** The folder holding {@code interop/}, found by walking up from the module's working directory. */
    private static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("interop").resolve("ts-sdk").resolve("flow.mjs"))) {
                return dir;
            }
        }
        throw new AssertionError("no interop/ts-sdk/flow.mjs in " + start + " or any folder above it");
    }

    /** Drains the process's output on its own thread, so a chatty process can never block on a full pipe. */
    private static final class OutputCollector extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        OutputCollector(InputStream in) {
            super("ts-sdk-flow-output");
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try (in) {
                for (int n; (n = in.read(chunk)) != -1; ) {
                    synchronized (buffer) {
                        buffer.write(chunk, 0, n);
                    }
                }
            } catch (IOException e) {
                // The pipe breaks when the process is killed; what was read so far is kept and reported.
            }
        }

        String text() {
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
