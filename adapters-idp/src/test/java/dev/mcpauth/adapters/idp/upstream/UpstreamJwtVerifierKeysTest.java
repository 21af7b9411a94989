package dev.mcpauth.adapters.idp.upstream;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.mcpauth.application.port.in.UpstreamClaims;
import dev.mcpauth.application.port.out.UpstreamUnavailableException;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.fixtures.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the keys come from and how they are cached, against a real local IdP that fails in the ways IdPs do. */
class UpstreamJwtVerifierKeysTest {
    private static final String AUDIENCE = "https://mcp.example.com/mcp";

    private final MutableClock clock = new MutableClock();
    private FakeIdp idp;

    @BeforeEach
    void startIdp() throws Exception {
        idp = new FakeIdp();
        idp.publish(TestKeys.all());
    }

    @AfterEach
    void stopIdp() throws Exception {
        idp.close();
    }

    private UpstreamIdpSettings settings() {
        return UpstreamIdpSettings.of(idp.issuer(), List.of(AUDIENCE));
    }

    private UpstreamJwtVerifier verifier(UpstreamIdpSettings settings) {
        return new UpstreamJwtVerifier(settings, clock);
    }

    /** Valid for two days, so that only the keys decide in the tests that move the clock. */
    private JWTClaimsSet claims(String issuer) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder().issuer(issuer).subject("alice").audience(AUDIENCE)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofDays(2)))).build();
    }

    private String rsaToken() {
        return TestKeys.sign(TestKeys.RSA, claims(idp.issuer()));
    }

    @Test
    void verifyWhenOnlyOpenIdConfigurationThenKeysFromItsJwksUri() {
        UpstreamJwtVerifier verifier = verifier(settings());

        assertEquals("alice", verifier.verify(rsaToken()).subject());
        assertEquals(1, idp.requests(FakeIdp.OIDC_PATH));
        assertEquals(0, idp.requests(FakeIdp.OAUTH_PATH));
        assertEquals(1, idp.requests(FakeIdp.JWKS_PATH));
    }

    @Test
    void verifyWhenOnlyOAuthMetadataThenFallsBackToRfc8414() {
        idp.serveOnlyOAuthMetadata();
        UpstreamJwtVerifier verifier = verifier(settings());

        assertEquals("alice", verifier.verify(rsaToken()).subject());
        assertEquals(1, idp.requests(FakeIdp.OIDC_PATH));
        assertEquals(1, idp.requests(FakeIdp.OAUTH_PATH));
        assertEquals(1, idp.requests(FakeIdp.JWKS_PATH));
    }

    @Test
    void verifyWhenIssuerHasPathThenMetadataUnderPathThenPathInserted() throws Exception {
        try (FakeIdp tenant = new FakeIdp("/tenant")) {
            tenant.publish(TestKeys.all());
            tenant.serveOnlyOAuthMetadata();
            UpstreamJwtVerifier verifier = verifier(UpstreamIdpSettings.of(tenant.issuer(), List.of(AUDIENCE)));

            assertEquals("alice", verifier.verify(TestKeys.sign(TestKeys.EC, claims(tenant.issuer()))).subject());
            assertEquals(1, tenant.requests("/tenant" + FakeIdp.OIDC_PATH));
            assertEquals(1, tenant.requests(FakeIdp.OAUTH_PATH + "/tenant"));
        }
    }

    @Test
    void discoveryUrisWhenIssuerWithAndWithoutPathThenBothForms() {
        assertEquals(List.of(URI.create("https://idp.example.com/.well-known/openid-configuration"),
                        URI.create("https://idp.example.com/.well-known/oauth-authorization-server")),
                UpstreamJwtVerifier.discoveryUris("https://idp.example.com/"));
        assertEquals(List.of(URI.create("https://idp.example.com/t/v2.0/.well-known/openid-configuration"),
                        URI.create("https://idp.example.com/.well-known/oauth-authorization-server/t/v2.0")),
                UpstreamJwtVerifier.discoveryUris("https://idp.example.com/t/v2.0"));
    }

    @Test
    void verifyWhenMetadataNamesAnotherIssuerThenUnavailable() {
        idp.route(FakeIdp.OIDC_PATH, () -> FakeIdp.Response.json(
                "{\"issuer\":\"https://evil.example.com\",\"jwks_uri\":\"" + idp.origin() + "/jwks\"}"));
        UpstreamJwtVerifier verifier = verifier(settings());

        assertThrows(UpstreamUnavailableException.class, () -> verifier.verify(rsaToken()));
        assertEquals(0, idp.requests(FakeIdp.JWKS_PATH));
    }

    @Test
    void verifyWhenJwksUriConfiguredThenNoDiscovery() {
        UpstreamJwtVerifier verifier = verifier(settings().withJwksUri(idp.uri(FakeIdp.JWKS_PATH)));

        assertEquals("alice", verifier.verify(rsaToken()).subject());
        assertEquals(1, idp.totalRequests());
    }

    @Test
    void verifyWhenCacheTtlOverThenKeysFetchedAgain() {
        UpstreamJwtVerifier verifier = verifier(settings());
        verifier.verify(rsaToken());
        clock.advance(Duration.ofHours(5));
        verifier.verify(rsaToken());
        assertEquals(1, idp.requests(FakeIdp.JWKS_PATH));

        clock.advance(Duration.ofHours(1));
        verifier.verify(rsaToken());

        assertEquals(2, idp.requests(FakeIdp.JWKS_PATH));
        assertEquals(1, idp.requests(FakeIdp.OIDC_PATH));
    }

    @Test
    void verifyWhenUnknownKidThenOneRefetchThenRefusedWithoutAnotherWithinTheInterval() {
        UpstreamJwtVerifier verifier = verifier(settings());
        verifier.verify(rsaToken());
        String unknown = TestKeys.sign(TestKeys.RSA_UNPUBLISHED, claims(idp.issuer()));

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token's signing key is unknown",
                () -> verifier.verify(unknown));
        assertEquals(2, idp.requests(FakeIdp.JWKS_PATH));
        clock.advance(Duration.ofSeconds(29));
        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token's signing key is unknown",
                () -> verifier.verify(unknown));
        assertEquals(2, idp.requests(FakeIdp.JWKS_PATH));

        clock.advance(Duration.ofSeconds(1));
        assertOAuthError(OAuthError.INVALID_TOKEN, () -> verifier.verify(unknown));
        assertEquals(3, idp.requests(FakeIdp.JWKS_PATH));
    }

    @Test
    void verifyWhenUnknownKidRightAfterAFetchForTheSameTokenThenNoSecondFetch() {
        UpstreamJwtVerifier verifier = verifier(settings());
        String unknown = TestKeys.sign(TestKeys.RSA_UNPUBLISHED, claims(idp.issuer()));

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token's signing key is unknown",
                () -> verifier.verify(unknown));
        assertEquals(1, idp.requests(FakeIdp.JWKS_PATH));
        assertOAuthError(OAuthError.INVALID_TOKEN, () -> verifier.verify(unknown));
        assertEquals(2, idp.requests(FakeIdp.JWKS_PATH));
    }

    @Test
    void verifyWhenRefetchIntervalConfiguredThenHonoured() {
        UpstreamJwtVerifier verifier = verifier(settings().withRefetchMinInterval(Duration.ofMinutes(5)));
        verifier.verify(rsaToken());
        String unknown = TestKeys.sign(TestKeys.RSA_UNPUBLISHED, claims(idp.issuer()));
        assertOAuthError(OAuthError.INVALID_TOKEN, () -> verifier.verify(unknown));
        clock.advance(Duration.ofMinutes(4));
        assertOAuthError(OAuthError.INVALID_TOKEN, () -> verifier.verify(unknown));

        assertEquals(2, idp.requests(FakeIdp.JWKS_PATH));
    }

    @Test
    void verifyWhenIdpRotatesKeysThenTokenWithNewKidVerifiesAfterOneRefetch() {
        UpstreamJwtVerifier verifier = verifier(settings());
        verifier.verify(rsaToken());
        clock.advance(Duration.ofMinutes(10));
        idp.publish(TestKeys.RSA_ROTATED, TestKeys.EC);

        String rotated = TestKeys.sign(TestKeys.RSA_ROTATED, claims(idp.issuer()));
        assertEquals("alice", verifier.verify(rotated).subject());
        assertEquals(2, idp.requests(FakeIdp.JWKS_PATH));
        // the retired key left the JWKS: its tokens are refused from now on
        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token's signing key is unknown",
                () -> verifier.verify(rsaToken()));
        assertEquals("alice", verifier.verify(TestKeys.sign(TestKeys.EC, claims(idp.issuer()))).subject());
        assertEquals(2, idp.requests(FakeIdp.JWKS_PATH));
    }

    @Test
    void verifyWhenIdpDownWithCachedKeysThenStaleKeysServeUntilGraceThenUnavailable() {
        UpstreamJwtVerifier verifier = verifier(settings());
        verifier.verify(rsaToken());
        idp.failWith(500);

        clock.advance(Duration.ofHours(6));
        assertEquals("alice", verifier.verify(rsaToken()).subject());
        assertEquals(2, idp.requests(FakeIdp.JWKS_PATH));
        clock.advance(Duration.ofSeconds(10));
        assertEquals("alice", verifier.verify(rsaToken()).subject());
        assertEquals(2, idp.requests(FakeIdp.JWKS_PATH), "a failed fetch is not retried within the interval");
        clock.advance(Duration.ofHours(24).minusSeconds(11));
        assertEquals("alice", verifier.verify(rsaToken()).subject());

        clock.advance(Duration.ofSeconds(1));
        assertThrows(UpstreamUnavailableException.class, () -> verifier.verify(rsaToken()));
        assertThrows(UpstreamUnavailableException.class, () -> verifier.verify(rsaToken()));

        idp.failWith(0);
        clock.advance(Duration.ofSeconds(30));
        assertEquals("alice", verifier.verify(rsaToken()).subject());
    }

    @Test
    void verifyWhenStaleGraceConfiguredThenHonoured() {
        UpstreamJwtVerifier verifier = verifier(settings().withCacheTtl(Duration.ofMinutes(10))
                .withStaleGrace(Duration.ofMinutes(5)));
        verifier.verify(rsaToken());
        idp.failWith(503);

        clock.advance(Duration.ofMinutes(14));
        assertEquals("alice", verifier.verify(rsaToken()).subject());
        clock.advance(Duration.ofMinutes(1));
        assertThrows(UpstreamUnavailableException.class, () -> verifier.verify(rsaToken()));
    }

    @Test
    void verifyWhenIdpNeverAnsweredThenUnavailableNotInvalidToken() {
        idp.failWith(500);
        UpstreamJwtVerifier verifier = verifier(settings());

        assertThrows(UpstreamUnavailableException.class, () -> verifier.verify(rsaToken()));
        assertEquals(1, idp.totalRequests(), "a host that fails is not asked for the fallback metadata too");

        idp.failWith(0);
        assertThrows(UpstreamUnavailableException.class, () -> verifier.verify(rsaToken()));
        clock.advance(Duration.ofSeconds(30));
        assertEquals("alice", verifier.verify(rsaToken()).subject());
    }

    @Test
    void verifyWhenIdpStoppedThenUnavailable() {
        UpstreamJwtVerifier verifier = verifier(settings().withJwksUri(idp.uri(FakeIdp.JWKS_PATH)));
        idp.stop();

        assertThrows(UpstreamUnavailableException.class, () -> verifier.verify(rsaToken()));
    }

    @Test
    void verifyWhenJwksLargerThanCapThenRefused() {
        String padded = paddedJwks(64 * 1024);
        idp.route("/big-chunked", () -> new FakeIdp.Response(200, "application/json",
                padded.getBytes(StandardCharsets.UTF_8), Map.of(), true));
        idp.route("/big", () -> FakeIdp.Response.json(padded));
        idp.route("/small", () -> FakeIdp.Response.json(paddedJwks(8 * 1024)));

        for (String path : List.of("/big-chunked", "/big")) {
            UpstreamJwtVerifier verifier = verifier(settings().withJwksUri(idp.uri(path))
                    .withMaxDocumentBytes(16 * 1024));
            assertThrows(UpstreamUnavailableException.class, () -> verifier.verify(rsaToken()), path);
        }
        UpstreamJwtVerifier small = verifier(settings().withJwksUri(idp.uri("/small"))
                .withMaxDocumentBytes(16 * 1024));
        assertEquals("alice", small.verify(rsaToken()).subject());
    }

    @Test
    void verifyWhenJwksNotServedAsJsonThenRefused() {
        idp.route("/html", () -> new FakeIdp.Response(200, "text/html",
                idp.jwksJson().getBytes(StandardCharsets.UTF_8), Map.of(), false));
        UpstreamJwtVerifier verifier = verifier(settings().withJwksUri(idp.uri("/html")));

        assertThrows(UpstreamUnavailableException.class, () -> verifier.verify(rsaToken()));
    }

    @Test
    void verifyWhenJwksServedAsJwkSetJsonThenAccepted() {
        idp.route("/jwk-set", () -> new FakeIdp.Response(200, "application/jwk-set+json; charset=utf-8",
                idp.jwksJson().getBytes(StandardCharsets.UTF_8), Map.of(), false));

        assertEquals("alice", verifier(settings().withJwksUri(idp.uri("/jwk-set"))).verify(rsaToken()).subject());
    }

    @Test
    void verifyWhenRedirectOnSameHostThenFollowed() {
        idp.route("/moved", () -> FakeIdp.Response.redirect("/jwks"));
        idp.route("/r1", () -> FakeIdp.Response.redirect(idp.origin() + "/r2"));
        idp.route("/r2", () -> FakeIdp.Response.redirect("/r3"));
        idp.route("/r3", () -> FakeIdp.Response.redirect("/jwks"));

        assertEquals("alice", verifier(settings().withJwksUri(idp.uri("/moved"))).verify(rsaToken()).subject());
        assertEquals("alice", verifier(settings().withJwksUri(idp.uri("/r1"))).verify(rsaToken()).subject());
        assertEquals(2, idp.requests(FakeIdp.JWKS_PATH));
    }

    @Test
    void verifyWhenMoreThanThreeRedirectsThenRefused() {
        idp.route("/r0", () -> FakeIdp.Response.redirect("/r1"));
        idp.route("/r1", () -> FakeIdp.Response.redirect("/r2"));
        idp.route("/r2", () -> FakeIdp.Response.redirect("/r3"));
        idp.route("/r3", () -> FakeIdp.Response.redirect("/jwks"));

        assertThrows(UpstreamUnavailableException.class,
                () -> verifier(settings().withJwksUri(idp.uri("/r0"))).verify(rsaToken()));
        assertEquals(0, idp.requests(FakeIdp.JWKS_PATH));
    }

    @Test
    void verifyWhenRedirectToAnotherHostThenRefused() {
        // localhost is another host name than 127.0.0.1, though the same machine
        idp.route("/elsewhere", () -> FakeIdp.Response.redirect("http://localhost:" + idp.port() + "/jwks"));

        assertThrows(UpstreamUnavailableException.class,
                () -> verifier(settings().withJwksUri(idp.uri("/elsewhere"))).verify(rsaToken()));
        assertEquals(0, idp.requests(FakeIdp.JWKS_PATH));
    }

    @Test
    void verifyWhenIdpSlowerThanTimeoutThenUnavailableWithinRoughlyTheTimeout() {
        idp.delay(5_000);
        UpstreamJwtVerifier verifier = verifier(settings().withFetchTimeout(Duration.ofMillis(500)));

        long started = System.nanoTime();
        assertThrows(UpstreamUnavailableException.class, () -> verifier.verify(rsaToken()));
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        // well before the IdP would answer, even on a busy machine
        assertTrue(elapsedMillis >= 400 && elapsedMillis < 3_000, "took " + elapsedMillis + " ms");
    }

    @Test
    void verifyWhenManyRequestsArriveDuringAFetchThenOneFetchInFlight() throws Exception {
        idp.delay(200);
        UpstreamJwtVerifier verifier = verifier(settings());
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String token = i % 2 == 0 ? rsaToken() : TestKeys.sign(TestKeys.EC, claims(idp.issuer()));
                Callable<String> call = () -> {
                    start.await();
                    return verifier.verify(token).subject();
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            for (Future<String> result : results) {
                assertEquals("alice", result.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, idp.requests(FakeIdp.OIDC_PATH));
        assertEquals(1, idp.requests(FakeIdp.JWKS_PATH));
    }

    @Test
    void verifyWhenJwksHoldsOnlyUnusableKeysThenUnavailable() {
        idp.route("/odd", () -> FakeIdp.Response.json("{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"},"
                + "{\"kty\":\"RSA\",\"n\":\"broken\"},\"junk\"]}"));

        assertThrows(UpstreamUnavailableException.class,
                () -> verifier(settings().withJwksUri(idp.uri("/odd"))).verify(rsaToken()));
    }

    @Test
    void verifyWhenJwksMixesUnusableKeysThenUsableOnesServe() {
        idp.route("/mixed", () -> FakeIdp.Response.json("{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"},"
                + TestKeys.RSA.toPublicJWK().toJSONString() + "]}"));

        assertEquals("alice", verifier(settings().withJwksUri(idp.uri("/mixed"))).verify(rsaToken()).subject());
    }

    @Test
    void verifyWhenSameTokenAgainThenTheRememberedClaimsWithoutVerifyingAgain() {
        UpstreamJwtVerifier verifier = verifier(settings());
        String token = rsaToken();

        UpstreamClaims first = verifier.verify(token);
        UpstreamClaims second = verifier.verify(token);

        assertEquals("alice", first.subject());
        // verifying anew builds new claims: the same object means the token was not checked again
        assertSame(first, second);
    }

    @Test
    void verifyWhenAFetchDropsTheKeyThenItsRememberedTokenIsRefusedAtOnce() {
        UpstreamJwtVerifier verifier = verifier(settings());
        String token = rsaToken();
        verifier.verify(token);
        idp.publish(TestKeys.RSA_ROTATED, TestKeys.EC);

        // an unknown kid makes the verifier fetch the keys before their cache TTL is over
        verifier.verify(TestKeys.sign(TestKeys.RSA_ROTATED, claims(idp.issuer())));

        assertEquals(2, idp.requests(FakeIdp.JWKS_PATH));
        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token's signing key is unknown",
                () -> verifier.verify(token));
    }

    @Test
    void verifyWhenAFetchKeepsEveryKeyThenRememberedTokensStay() {
        UpstreamJwtVerifier verifier = verifier(settings());
        String token = rsaToken();
        UpstreamClaims first = verifier.verify(token);

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token's signing key is unknown",
                () -> verifier.verify(TestKeys.sign(TestKeys.RSA_UNPUBLISHED, claims(idp.issuer()))));

        assertEquals(2, idp.requests(FakeIdp.JWKS_PATH));
        assertSame(first, verifier.verify(token));
    }

    @Test
    void verifyWhenRememberedTokenExpiresThenRefusedAsExpiredPastTheSkew() {
        UpstreamJwtVerifier verifier = verifier(settings());
        Instant now = clock.instant();
        String token = TestKeys.sign(TestKeys.RSA, new JWTClaimsSet.Builder().issuer(idp.issuer()).subject("alice")
                .audience(AUDIENCE).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(120))).build());
        verifier.verify(token);

        clock.advance(Duration.ofSeconds(120 + 59));
        assertEquals("alice", verifier.verify(token).subject(), "within the 60 s skew");
        clock.advance(Duration.ofSeconds(1));

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token expired", () -> verifier.verify(token));
    }

    @Test
    void verifyWhenKeysDueForAFetchThenFetchedAndPastTheGraceUnavailableEvenForARememberedToken() {
        UpstreamJwtVerifier verifier = verifier(settings());
        String token = rsaToken();
        verifier.verify(token);

        clock.advance(Duration.ofHours(6));
        verifier.verify(token);
        assertEquals(2, idp.requests(FakeIdp.JWKS_PATH), "the cache TTL holds for remembered tokens too");
        idp.failWith(500);
        clock.advance(Duration.ofHours(30));

        assertThrows(UpstreamUnavailableException.class, () -> verifier.verify(token));
    }

    private String paddedJwks(int size) {
        String jwks = idp.jwksJson();
        return jwks.substring(0, jwks.length() - 1) + ",\"pad\":\"" + "x".repeat(size) + "\"}";
    }
}
