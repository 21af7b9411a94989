package dev.mcpauth.bootstrap.interop;

import dev.mcpauth.bootstrap.support.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * oauth4webapi, a strict OAuth client that checks every response against the RFCs ({@code interop/oauth4webapi/
 * flow.mjs}), against a real server in orchestrated local mode: the 401 challenge (RFC 6750, RFC 9728), discovery
 * with issuer validation (RFC 8414), dynamic registration (RFC 7591), authorization code with PKCE and state through
 * the login form, the authorization response with {@code iss} (RFC 9207), the code exchange, the access token as a
 * JWT access token (RFC 9068), {@code whoami} through the MCP endpoint, introspection (RFC 7662), refresh with
 * rotation and reuse detection (OAuth 2.1 §4.3.1, RFC 9700 §4.14), and revocation (RFC 7009). Needs Node 20+ and
 * {@code npm ci} in {@code interop/oauth4webapi}, which the project's test script runs before Maven.
 */
class OAuth4WebApiInteropTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(50);
    private static final String OK_LINE = "oauth4webapi flow: OK";

    @Test
    void strictClientWhenItRunsTheWholeFlowThenEveryResponseConformsAndWhoamiAnswersForTheSignedInUser()
            throws Exception {
        Path root = InteropProcess.repositoryRoot("oauth4webapi", "flow.mjs");
        Path flowDir = root.resolve("interop").resolve("oauth4webapi");
        if (!Files.isDirectory(flowDir.resolve("node_modules").resolve("oauth4webapi"))) {
            fail(flowDir.resolve("node_modules") + " is missing: run the project's test script, which runs"
                    + " `npm ci` in interop/oauth4webapi before Maven (or run `npm ci` there yourself)");
        }

        try (TestServer server = TestServer.orchestratedLocal()) {
            InteropProcess.Result result = InteropProcess.start(
                    List.of("node", "interop/oauth4webapi/flow.mjs", server.mcpUrl()), root,
                    Map.of("MCPAUTH_USERNAME", TestServer.USERNAME, "MCPAUTH_PASSWORD", TestServer.PASSWORD),
                    line -> { }).await(TIMEOUT);
            String text = result.output();
            System.out.println(text);

            assertTrue(result.finished(), "the oauth4webapi flow did not finish within " + TIMEOUT.toSeconds()
                    + " s and was killed; its output:\n" + text);
            assertEquals(0, result.exitCode(), "the oauth4webapi flow failed; its output:\n" + text);
            assertTrue(text.lines().anyMatch(OK_LINE::equals), "no `" + OK_LINE + "` line; output:\n" + text);
        }
    }
}
