package dev.mcpauth.bootstrap.scaleout;

import dev.mcpauth.adapters.idp.password.BouncyCastlePasswordHasher;
import dev.mcpauth.adapters.storage.redis.RedisServerProcess;
import dev.mcpauth.bootstrap.support.Http;
import dev.mcpauth.bootstrap.support.McpCalls;
import dev.mcpauth.bootstrap.support.OAuthFlow;
import dev.mcpauth.bootstrap.support.OAuthFlow.AuthorizeRequest;
import dev.mcpauth.bootstrap.support.OAuthFlow.Client;
import dev.mcpauth.bootstrap.support.OAuthFlow.LoginPage;
import dev.mcpauth.bootstrap.support.OAuthFlow.Redirect;
import dev.mcpauth.bootstrap.support.OAuthFlow.Tokens;
import dev.mcpauth.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.mcpauth.bootstrap.support.Http.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two mcpauth processes on one real Redis, as behind a load balancer: any instance finishes a flow another began,
 * both publish the same keys, rotation and code redemption stay atomic across them, and a Redis outage is a 503
 * from which both recover by themselves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesOnRedisTest {
    /** Behind a load balancer every instance is reached under one name, so they share one issuer. */
    private static final String ISSUER = "http://mcp.example.test";
    private static final int RACERS = 8;

    private static RedisServerProcess redis;
    private static Path config;
    private static ServerProcess a;
    private static ServerProcess b;
    private static OAuthFlow onA;
    private static OAuthFlow onB;

    @BeforeAll
    static void start(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        redis = RedisServerProcess.start();
        byte[] secretsKey = new byte[32];
        new SecureRandom().nextBytes(secretsKey);
        config = dir.resolve("mcpauth.yml");
        Files.writeString(config, """
                mcpauth:
                  server:
                    name: scale-out test
                    public-url: %s
                  auth:
                    mode: orchestrated
                    type: local
                    secrets-key: %s
                    token-storage:
                      type: redis
                      config:
                        host: 127.0.0.1
                        port: %d
                        key-prefix: "scaleout:"
                    users:
                      - username: %s
                        password-hash: "%s"
                """.formatted(ISSUER, Base64.getEncoder().encodeToString(secretsKey), redis.port(),
                TestServer.USERNAME, new BouncyCastlePasswordHasher().hash(TestServer.PASSWORD.toCharArray())));
        a = ServerProcess.start(config);
        b = ServerProcess.start(config);
        onA = new OAuthFlow(a.baseUrl());
        onB = new OAuthFlow(b.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[]{a, b}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    @Order(1)
    void flowWhenSpreadOverBothInstancesThenEveryStepWorksOnEither() {
        Client client = onA.registerPublicClient();
        AuthorizeRequest request = onB.authorizeRequest(client);

        LoginPage page = onA.loginPage(request);                                       // authorize on A
        Redirect redirect = Redirect.of(onB.login(page, TestServer.USERNAME, TestServer.PASSWORD)); // sign in on B
        assertEquals(ISSUER, redirect.iss());
        Tokens tokens = Tokens.of(onB.exchange(request, redirect.code()));             // exchange on B
        HttpResponse<String> refreshed = onA.refresh(client, tokens.refreshToken());   // refresh on A
        assertEquals(200, refreshed.statusCode(), refreshed::body);

        HttpResponse<String> initialize = new McpCalls(onA.http()).initialize(Tokens.of(refreshed).accessToken());
        assertEquals(200, initialize.statusCode(), initialize::body);
        String sessionId = Http.requiredHeader(initialize, "Mcp-Session-Id");
        HttpResponse<String> whoami = new McpCalls(onB.http()).request(Tokens.of(refreshed).accessToken(), sessionId,
                "tools/call", "{\"name\":\"whoami\",\"arguments\":{}}");
        assertEquals(200, whoami.statusCode(), whoami::body);
        assertTrue(whoami.body().contains("\"subject\":\"" + TestServer.USERNAME + "\""), whoami.body());
    }

    @Test
    @Order(2)
    void jwksWhenFetchedFromBothThenIdentical() {
        assertEquals(onA.http().get("/.well-known/jwks.json").body(), onB.http().get("/.well-known/jwks.json").body());
    }

    @Test
    @Order(3)
    void refreshWhenOneTokenRacedAcrossBothInstancesThenExactlyOneSucceeds() throws Exception {
        Client client = onA.registerPublicClient();
        Tokens tokens = onA.tokens(client);

        List<HttpResponse<String>> responses = race(i -> (i % 2 == 0 ? onA : onB).refresh(client,
                tokens.refreshToken()));

        assertExactlyOneSucceeded(responses);
    }

    @Test
    @Order(4)
    void exchangeWhenOneCodeRacedAcrossBothInstancesThenExactlyOneSucceeds() throws Exception {
        Client client = onA.registerPublicClient();
        AuthorizeRequest request = onA.authorizeRequest(client);
        String code = onA.code(request);

        List<HttpResponse<String>> responses = race(i -> (i % 2 == 0 ? onA : onB).exchange(request, code));

        assertExactlyOneSucceeded(responses);
    }

    @Test
    @Order(5)
    void flowWhenInstanceDiesMidFlowThenAnotherFinishesIt() throws Exception {
        try (ServerProcess doomed = ServerProcess.start(config)) {
            OAuthFlow onDoomed = new OAuthFlow(doomed.baseUrl());
            Client client = onDoomed.registerPublicClient();
            AuthorizeRequest request = onDoomed.authorizeRequest(client);
            LoginPage page = onDoomed.loginPage(request);

            doomed.kill();

            Redirect redirect = Redirect.of(onB.login(page, TestServer.USERNAME, TestServer.PASSWORD));
            HttpResponse<String> exchanged = onA.exchange(request, redirect.code());
            assertEquals(200, exchanged.statusCode(), exchanged::body);
        }
    }

    @Test
    @Order(5)
    void rotateKeysWhenRunThenBothInstancesPublishTheNewKeyBeforeItSigns() throws Exception {
        String signingKid = activeKid(onA);
        Process rotate = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmicronaut.config.files=" + config, "-cp", System.getProperty("java.class.path"),
                dev.mcpauth.bootstrap.McpAuthApplication.class.getName(), "rotate-keys")
                .redirectErrorStream(true).start();
        assertTrue(rotate.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "rotate-keys did not finish");
        String output = new String(rotate.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, rotate.exitValue(), output);
        java.util.regex.Matcher kid = java.util.regex.Pattern.compile("rotate-keys: key (\\S+) is published now")
                .matcher(output);
        assertTrue(kid.find(), output);

        for (OAuthFlow instance : List.of(onA, onB)) {
            awaitPublished(instance, kid.group(1));
            // Published ahead of use: tokens are still signed with the previous key for now.
            assertEquals(signingKid, activeKid(instance));
        }
    }

    private static String activeKid(OAuthFlow instance) {
        Map<?, ?> keys = (Map<?, ?>) ((Map<?, ?>) dev.mcpauth.bootstrap.support.TestJson.object(
                instance.http().get("/health").body()).get("components")).get("signing-keys");
        return (String) keys.get("active-kid");
    }

    private static void awaitPublished(OAuthFlow instance, String kid) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (instance.http().get("/.well-known/jwks.json").body().contains("\"kid\":\"" + kid + "\"")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(instance.baseUrl() + " did not publish " + kid + " within 25 s");
    }

    @Test
    @Order(6)
    void redisWhenStoppedAndRestartedThenUnavailableMeanwhileAndBothInstancesRecover() throws Exception {
        Client client = onA.registerPublicClient();
        Tokens tokens = onA.tokens(client);

        redis.stop();
        HttpResponse<String> refresh = onA.refresh(client, tokens.refreshToken());
        assertOAuthError(refresh, 503, "temporarily_unavailable");
        assertTrue(refresh.headers().firstValue("Retry-After").isPresent(), "503 without Retry-After");
        assertEquals(503, onB.http().get("/health").statusCode());
        assertEquals(503, onB.http().postJson("/oauth/register",
                "{\"redirect_uris\":[\"" + OAuthFlow.REDIRECT_URI + "\"],\"token_endpoint_auth_method\":\"none\"}")
                .statusCode());

        redis.restart();
        awaitHealthy(onA);
        awaitHealthy(onB);

        // Redis came back empty (no persistence here): new flows work on both, across instances.
        Client fresh = onB.registerPublicClient();
        AuthorizeRequest request = onA.authorizeRequest(fresh);
        HttpResponse<String> exchanged = onB.exchange(request, onA.code(request));
        assertEquals(200, exchanged.statusCode(), exchanged::body);
        assertEquals(200, onA.refresh(fresh, Tokens.of(exchanged).refreshToken()).statusCode());
        assertEquals(onA.http().get("/.well-known/jwks.json").body(), onB.http().get("/.well-known/jwks.json").body());
    }

    private static void awaitHealthy(OAuthFlow flow) throws InterruptedException {
        for (int i = 0; i < 150; i++) {
            if (flow.http().get("/health").statusCode() == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(flow.baseUrl() + " did not recover within 30 s:\n" + a.output() + b.output());
    }

    private interface Attempt {
        HttpResponse<String> run(int index) throws Exception;
    }

    private static List<HttpResponse<String>> race(Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                int index = i;
                Callable<HttpResponse<String>> call = () -> {
                    go.await();
                    return attempt.run(index);
                };
                futures.add(pool.submit(call));
            }
            go.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertExactlyOneSucceeded(List<HttpResponse<String>> responses) {
        long successes = responses.stream().filter(response -> response.statusCode() == 200).count();
        assertEquals(1, successes, () -> responses.stream().map(r -> r.statusCode() + " " + r.body()).toList()
                .toString());
        responses.stream().filter(response -> response.statusCode() != 200)
                .forEach(response -> assertOAuthError(response, 400, "invalid_grant"));
    }
}
