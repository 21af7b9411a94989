package dev.mcpauth.bootstrap.interop;

import dev.mcpauth.bootstrap.gateway.UpstreamMcpServer;
import dev.mcpauth.bootstrap.support.TestServer;
import dev.mcpauth.bootstrap.support.TransparentGateway;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * oauth4webapi, a strict OAuth client that checks every response against the RFCs ({@code interop/oauth4webapi/
 * flow.mjs}), against a real server: the 401 challenge (RFC 6750, RFC 9728), discovery with issuer validation
 * (RFC 8414), dynamic registration (RFC 7591), authorization code with PKCE and state through the login form, the
 * authorization response with {@code iss} (RFC 9207), the code exchange, the access token as a JWT access token
 * (RFC 9068), {@code tools/list} and a {@code tools/call} through the MCP endpoint, introspection (RFC 7662), refresh
 * with rotation and reuse detection (OAuth 2.1 §4.3.1, RFC 9700 §4.14), revocation (RFC 7009), and a replayed code
 * (OAuth 2.1 §4.1.2). It runs in orchestrated local mode, with stateless sessions, behind a transparent gateway whose
 * IdP is another mcpauth, and through the gateway to a real upstream MCP server; the flow checks what each mode
 * promises, including what it cannot do (see the comments at the top of {@code flow.mjs}). Needs Node 20+ and
 * {@code npm ci} in {@code interop/oauth4webapi} (and {@code interop/upstream}), which the project's test script runs
 * before Maven.
 */
class OAuth4WebApiInteropTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(50);
    private static final String OK_LINE = "oauth4webapi flow: OK";

    @Test
    void strictClientWhenItRunsTheWholeFlowThenEveryResponseConformsAndWhoamiAnswersForTheSignedInUser()
            throws Exception {
        try (TestServer server = TestServer.orchestratedLocal()) {
            runFlow(server, Map.of());
        }
    }

    /**
     * session-mode stateless: the metadata and the registration name no refresh_token grant, no refresh token is
     * issued, the access token has no {@code sid}, and revocation or a code replay leaves the access token usable
     * until it expires, as the README's table says.
     */
    @Test
    void strictClientWhenServerIsStatelessThenNoRefreshTokenAndAccessTokensOutliveRevocation() throws Exception {
        try (TestServer server = TestServer.orchestratedLocal(Map.of("mcpauth.auth.session-mode", "stateless"))) {
            runFlow(server, Map.of("MCPAUTH_SESSION_MODE", "stateless"));
        }
    }

    /**
     * Transparent mode: the gateway's 401 and resource metadata send the client to the IdP (another mcpauth, which
     * lists the gateway's resource among those it issues tokens for); registration, authorization, tokens, refresh,
     * introspection and revocation happen there, the MCP calls at the gateway. The gateway validates the JWT alone,
     * so a token the IdP has revoked still passes it until it expires.
     */
    @Test
    void strictClientWhenGatewayIsTransparentThenItAuthorizesAtTheIdpAndCallsThroughTheGateway() throws Exception {
        try (TransparentGateway servers = TransparentGateway.start(Map.of("mcpauth.auth.required-scopes",
                List.of("mcp")))) {
            runFlow(servers.gateway(), Map.of("MCPAUTH_AUTH_MODE", "transparent"));
        }
    }

    /** Orchestrated local through the gateway to a real upstream MCP server: the identity reaches it, the token not. */
    @Test
    void strictClientWhenAppHasUpstreamThenTheUpstreamSeesTheSignedInUserAndNoToken() throws Exception {
        try (UpstreamMcpServer upstream = UpstreamMcpServer.start();
             TestServer server = TestServer.orchestratedLocal(Map.of("mcpauth.apps",
                     List.of(Map.of("id", "tools", "path", "/mcp", "upstream", upstream.url()))))) {
            runFlow(server, Map.of("MCPAUTH_UPSTREAM", "whoami-upstream"));
        }
    }

    private static void runFlow(TestServer server, Map<String, String> environment) throws Exception {
        Path root = InteropProcess.repositoryRoot("oauth4webapi", "flow.mjs");
        Path flowDir = root.resolve("interop").resolve("oauth4webapi");
        if (!Files.isDirectory(flowDir.resolve("node_modules").resolve("oauth4webapi"))) {
            fail(flowDir.resolve("node_modules") + " is missing: run the project's test script, which runs"
                    + " `npm ci` in interop/oauth4webapi before Maven (or run `npm ci` there yourself)");
        }
        Map<String, String> env = new HashMap<>(environment);
        env.put("MCPAUTH_USERNAME", TestServer.USERNAME);
        env.put("MCPAUTH_PASSWORD", TestServer.PASSWORD);
        InteropProcess.Result result = InteropProcess.start(
                List.of("node", "interop/oauth4webapi/flow.mjs", server.mcpUrl()), root, env, line -> { })
                .await(TIMEOUT);
        String text = result.output();
        System.out.println(text);

        assertTrue(result.finished(), "the oauth4webapi flow did not finish within " + TIMEOUT.toSeconds()
                + " s and was killed; its output:\n" + text);
        assertEquals(0, result.exitCode(), "the oauth4webapi flow failed; its output:\n" + text);
        assertTrue(text.lines().anyMatch(OK_LINE::equals), "no `" + OK_LINE + "` line; output:\n" + text);
    }
}
