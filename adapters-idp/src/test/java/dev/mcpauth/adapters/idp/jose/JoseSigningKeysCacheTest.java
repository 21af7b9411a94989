package dev.mcpauth.adapters.idp.jose;

import dev.mcpauth.domain.fixtures.MutableClock;
import dev.mcpauth.domain.token.AccessTokenClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.mcpauth.adapters.idp.jose.TestTokens.fullClaims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Verified tokens are remembered until they expire: a token presented again is not verified again, yet a key removed
 * from the ring stops verifying its tokens at once, and nothing but a valid signature is remembered.
 */
class JoseSigningKeysCacheTest {
    private static SigningKey key;
    private static SigningKey next;

    // the test claims are valid for an hour from ISSUED_AT
    private final MutableClock clock = new MutableClock(TestTokens.ISSUED_AT.plusSeconds(60));

    @BeforeAll
    static void generateKeys() {
        key = SigningKey.generate(SigningAlgorithm.ES256);
        next = SigningKey.generate(SigningAlgorithm.ES256);
    }

    private JoseSigningKeys keys() {
        return new JoseSigningKeys(KeyRing.of(key), clock);
    }

    private static AccessTokenClaims claimsIssuedAt(Instant issuedAt) {
        AccessTokenClaims full = fullClaims();
        return new AccessTokenClaims(full.issuer(), full.subject(), full.audiences(), issuedAt,
                issuedAt.plusSeconds(3600), "jti-later", full.clientId(), full.scope(), full.sessionId());
    }

    @Test
    void verifyWhenSameTokenAgainThenTheRememberedClaimsWithoutVerifyingAgain() {
        JoseSigningKeys keys = keys();
        String token = keys.sign(fullClaims());

        AccessTokenClaims first = keys.verify(token).orElseThrow();
        AccessTokenClaims second = keys.verify(token).orElseThrow();

        assertEquals(fullClaims(), first);
        // verifying anew parses a new claims object: the same object means the signature was not checked again
        assertSame(first, second);
        assertEquals(1, keys.rememberedTokens());
    }

    @Test
    void verifyWhenRingReplacedByOneKeepingEveryKeyThenTokensStayRemembered() {
        JoseSigningKeys keys = keys();
        String token = keys.sign(fullClaims());
        AccessTokenClaims first = keys.verify(token).orElseThrow();

        keys.replaceKeyRing(keys.keyRing()); // what a refresh without change does every few seconds
        AccessTokenClaims afterRefresh = keys.verify(token).orElseThrow();
        keys.replaceKeyRing(keys.keyRing().rotateTo(next));
        AccessTokenClaims afterRotation = keys.verify(token).orElseThrow();

        assertSame(first, afterRefresh);
        assertSame(first, afterRotation);
    }

    @Test
    void verifyWhenKeyRemovedFromTheRingThenItsRememberedTokenRefusedAtOnce() {
        JoseSigningKeys keys = keys();
        String token = keys.sign(fullClaims());
        keys.replaceKeyRing(keys.keyRing().rotateTo(next));
        assertEquals(Optional.of(fullClaims()), keys.verify(token));

        keys.replaceKeyRing(keys.keyRing().withoutRetiring(key.kid()));

        assertEquals(Optional.empty(), keys.verify(token));
        assertEquals(0, keys.rememberedTokens());
    }

    @Test
    void verifyWhenKeyRemovedThenTokensOfTheKeysLeftAreVerifiedAgainAndStillPass() {
        JoseSigningKeys keys = keys();
        keys.replaceKeyRing(keys.keyRing().rotateTo(next));
        String byNext = keys.sign(fullClaims());
        AccessTokenClaims before = keys.verify(byNext).orElseThrow();

        keys.replaceKeyRing(keys.keyRing().withoutRetiring(key.kid()));
        AccessTokenClaims after = keys.verify(byNext).orElseThrow();

        assertEquals(before, after);
        assertNotSame(before, after, "forgotten with the rest, then verified anew");
    }

    @Test
    void verifyWhenSignatureOfARememberedTokenIsSwappedThenRefusedAndNeverRemembered() {
        JoseSigningKeys keys = keys();
        String token = keys.sign(fullClaims());
        keys.verify(token).orElseThrow();
        // the same header and claims with a well-formed ES256 signature, but another key's
        String otherSignature = new JoseSigningKeys(KeyRing.of(next), clock).sign(fullClaims());
        String forged = token.substring(0, token.lastIndexOf('.'))
                + otherSignature.substring(otherSignature.lastIndexOf('.'));

        assertEquals(Optional.empty(), keys.verify(forged));
        assertEquals(Optional.empty(), keys.verify(forged));
        assertEquals(1, keys.rememberedTokens(), "only the valid token");
    }

    @Test
    void verifyWhenTokenRefusedThenNothingRemembered() {
        JoseSigningKeys keys = keys();
        String signedByAStranger = new JoseSigningKeys(KeyRing.of(next), clock).sign(fullClaims());

        assertEquals(Optional.empty(), keys.verify(signedByAStranger));
        assertEquals(Optional.empty(), keys.verify("not.a.token"));
        assertEquals(0, keys.rememberedTokens());
    }

    @Test
    void verifyWhenRememberedTokenExpiresThenForgottenAndLeftToTheCallerToRefuse() {
        JoseSigningKeys keys = keys();
        String token = keys.sign(fullClaims());
        AccessTokenClaims remembered = keys.verify(token).orElseThrow();

        clock.set(fullClaims().expiresAt());
        AccessTokenClaims expired = keys.verify(token).orElseThrow();

        // the signature is still good; expiry is the caller's to check, as for any token
        assertEquals(remembered, expired);
        assertNotSame(remembered, expired);
        assertEquals(0, keys.rememberedTokens(), "an expired token is neither kept nor remembered again");
    }

    @Test
    void verifyWhenExpiredTokensLieAroundThenSweptAsNewTokensArrive() {
        JoseSigningKeys keys = keys();
        keys.verify(keys.sign(fullClaims())).orElseThrow();
        clock.set(fullClaims().expiresAt().plus(Duration.ofMinutes(1)));

        String fresh = keys.sign(claimsIssuedAt(clock.instant()));
        keys.verify(fresh).orElseThrow();

        assertEquals(1, keys.rememberedTokens());
    }

    @Test
    void verifyWhenManyThreadsPresentTheSameTokenThenAllGetItsClaims() throws Exception {
        JoseSigningKeys keys = keys();
        String token = keys.sign(fullClaims());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<AccessTokenClaims>>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                Callable<Optional<AccessTokenClaims>> call = () -> keys.verify(token);
                results.add(pool.submit(call));
            }
            for (Future<Optional<AccessTokenClaims>> result : results) {
                assertEquals(Optional.of(fullClaims()), result.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, keys.rememberedTokens());
    }
}
