package dev.mcpauth.bootstrap.interop;

import dev.mcpauth.bootstrap.gateway.UpstreamMcpServer;
import dev.mcpauth.bootstrap.support.TestServer;
import dev.mcpauth.bootstrap.support.TransparentGateway;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
    private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(90);
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
        try (TransparentGateway servers = TransparentGateway.start(Map.of("mcpauth.auth.required-scopes",
                List.of("mcp")))) {
            runFlow(servers.gateway(), Map.of());
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
        try (UpstreamMcpServer upstream = UpstreamMcpServer.start();
             TransparentGateway servers = TransparentGateway.start(Map.of("mcpauth.apps",
                     List.of(Map.of("id", "tools", "path", "/mcp", "upstream", upstream.url()))))) {
            runFlow(servers.gateway(), Map.of("MCPAUTH_UPSTREAM", "whoami-upstream"));
        }
    }

    private static void runFlow(TestServer server, Map<String, String> environment) throws Exception {
        Path root = InteropProcess.repositoryRoot("ts-sdk", "flow.mjs");
        Path flowDir = root.resolve("interop").resolve("ts-sdk");
        if (!Files.isDirectory(flowDir.resolve("node_modules").resolve("@modelcontextprotocol").resolve("sdk"))) {
            fail(flowDir.resolve("node_modules") + " is missing: run the project's test script, which runs"
                    + " `npm ci` in interop/ts-sdk before Maven (or run `npm ci` there yourself)");
        }
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("MCPAUTH_USERNAME", TestServer.USERNAME);
        env.put("MCPAUTH_PASSWORD", TestServer.PASSWORD);
        InteropProcess.Result result = InteropProcess.start(
                List.of("node", "interop/ts-sdk/flow.mjs", server.mcpUrl()), root, env, line -> { }).await(TIMEOUT);
        String text = result.output();
        System.out.println(text);

        assertTrue(result.finished(), "the TypeScript SDK flow did not finish within " + TIMEOUT.toSeconds()
                + " s and was killed; its output:\n" + text);
        assertEquals(0, result.exitCode(), "the TypeScript SDK flow failed; its output:\n" + text);
        assertTrue(text.lines().anyMatch(OK_LINE::equals), "no `" + OK_LINE + "` line; output:\n" + text);
    }
}
