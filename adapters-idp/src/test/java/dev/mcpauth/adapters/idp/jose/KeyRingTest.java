package dev.mcpauth.adapters.idp.jose;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KeyRingTest {
    private static SigningKey first;
    private static SigningKey second;
    private static SigningKey third;

    @BeforeAll
    static void generateKeys() {
        first = SigningKey.generate(SigningAlgorithm.ES256);
        second = SigningKey.generate(SigningAlgorithm.ES256);
        third = SigningKey.generate(SigningAlgorithm.ES256);
    }

    @Test
    void rotateToWhenCalledTwiceThenNewestSignsAndRetiringAreMostRecentFirst() {
        KeyRing ring = KeyRing.of(first).rotateTo(second).rotateTo(third);

        assertEquals(third, ring.active());
        assertEquals(List.of(second.kid(), first.kid()), ring.retiring().stream().map(VerificationKey::kid).toList());
        assertEquals(List.of(third.kid(), second.kid(), first.kid()),
                ring.publicJwks().stream().map(jwk -> jwk.get("kid")).toList());
    }

    @Test
    void newKeyRingWhenRetiringRepeatsAKidThenItIsPublishedOnce() {
        KeyRing ring = new KeyRing(first, List.of(first.verificationKey(), second.verificationKey(),
                VerificationKey.fromJwk(second.verificationKey().toPublicJwkJson())));

        assertEquals(List.of(second.kid()), ring.retiring().stream().map(VerificationKey::kid).toList());
        assertEquals(2, ring.publicJwks().size());
    }

    @Test
    void withoutRetiringWhenKidIsRetiringThenRemovedAndActiveKept() {
        KeyRing ring = KeyRing.of(first).rotateTo(second).withoutRetiring(first.kid()).withoutRetiring(second.kid());

        assertEquals(second, ring.active());
        assertEquals(List.of(), ring.retiring());
        assertEquals(Optional.empty(), ring.find(first.kid()));
    }

    @Test
    void findWhenKidIsActiveOrRetiringThenKeyElseEmpty() {
        KeyRing ring = KeyRing.of(first).rotateTo(second);

        assertEquals(second.kid(), ring.find(second.kid()).orElseThrow().kid());
        assertEquals(first.kid(), ring.find(first.kid()).orElseThrow().kid());
        assertFalse(ring.find(third.kid()).isPresent());
        assertFalse(ring.find(null).isPresent());
    }

    @Test
    void publicJwksWhenReturnedThenUnmodifiable() {
        KeyRing ring = KeyRing.of(first);

        assertThrows(UnsupportedOperationException.class, () -> ring.publicJwks().clear());
        assertThrows(UnsupportedOperationException.class, () -> ring.publicJwks().get(0).put("d", "x"));
    }
}
