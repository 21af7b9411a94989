package dev.mcpauth.adapters.idp.jose;

import dev.mcpauth.application.port.out.KeyRingStore;
import dev.mcpauth.application.port.out.SecretSealer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two "instances" sharing one key store, as two processes on one Redis would. */
class SharedSigningKeysTest {
    private final SharedStore store = new SharedStore();
    private final SecretSealer sealer = new PrefixSealer("k1");
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-26T12:00:00Z"));

    @Test
    void openWhenTwoInstancesThenBothSignWithAndPublishTheSameKey() {
        SharedSigningKeys one = SharedSigningKeys.open(store, sealer, SigningAlgorithm.ES256, clock);
        SharedSigningKeys two = SharedSigningKeys.open(store, sealer, SigningAlgorithm.ES256, clock);

        assertEquals(one.keys().publicJwks(), two.keys().publicJwks());
        assertEquals(one.keys().keyRing().active().kid(), two.keys().keyRing().active().kid());
        assertFalse(store.value.get().contains("\"d\""), "private keys are stored sealed, not in the clear");
    }

    @Test
    void rotateWhenOneInstanceRotatesThenTheOtherPublishesAndLaterSignsWithTheNewKey() {
        SharedSigningKeys one = SharedSigningKeys.open(store, sealer, SigningAlgorithm.ES256, clock);
        SharedSigningKeys two = SharedSigningKeys.open(store, sealer, SigningAlgorithm.ES256, clock);
        String oldKid = two.keys().keyRing().active().kid();

        KeySchedule.Entry next = one.rotate(SigningAlgorithm.ES256, Duration.ofMinutes(2), Duration.ofHours(1));
        two.refresh();

        assertEquals(oldKid, two.keys().keyRing().active().kid(), "not signing before activation");
        assertTrue(two.keys().keyRing().find(next.key().kid()).isPresent(), "published before it signs");
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        two.refresh();
        assertEquals(next.key().kid(), two.keys().keyRing().active().kid());
        assertTrue(two.keys().keyRing().find(oldKid).isPresent(), "old key still verifies its tokens");
        assertNotEquals(oldKid, next.key().kid());
    }

    @Test
    void openWhenStoredKeysSealedWithAnotherSecretThenClearError() {
        SharedSigningKeys.open(store, sealer, SigningAlgorithm.ES256, clock);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SharedSigningKeys.open(store, new PrefixSealer("k2"), SigningAlgorithm.ES256, clock));
        assertTrue(e.getMessage().contains("mcpauth.auth.secrets-key"), e.getMessage());
    }

    @Test
    void openWhenStoredKeysUseAnotherAlgorithmThenClearError() {
        SharedSigningKeys.open(store, sealer, SigningAlgorithm.ES256, clock);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SharedSigningKeys.open(store, sealer, SigningAlgorithm.RS256, clock));
        assertTrue(e.getMessage().contains("mcpauth.auth.signing.algorithm"), e.getMessage());
    }

    @Test
    void refreshWhenStoreLostItsDataThenTheScheduleIsPublishedAgain() {
        SharedSigningKeys one = SharedSigningKeys.open(store, sealer, SigningAlgorithm.ES256, clock);
        String kid = one.keys().keyRing().active().kid();
        store.value.set(null);

        one.refresh();
        SharedSigningKeys late = SharedSigningKeys.open(store, sealer, SigningAlgorithm.ES256, clock);

        assertEquals(kid, late.keys().keyRing().active().kid());
    }

    /** A key store with the port's compare-and-set semantics. */
    private static final class SharedStore implements KeyRingStore {
        final AtomicReference<String> value = new AtomicReference<>();

        @Override
        public Optional<String> load() {
            return Optional.ofNullable(value.get());
        }

        @Override
        public boolean createIfAbsent(String ring) {
            return value.compareAndSet(null, ring);
        }

        @Override
        public boolean replace(String expected, String next) {
            return value.compareAndSet(expected, next);
        }
    }

    /** Not encryption, but opens only what it sealed under the same key id and purpose, like the real sealer. */
    private record PrefixSealer(String keyId) implements SecretSealer {
        @Override
        public String seal(byte[] plaintext, String purpose) {
            return keyId + "." + purpose + "." + Base64.getUrlEncoder().encodeToString(plaintext);
        }

        @Override
        public Optional<byte[]> open(String sealed, String purpose) {
            String prefix = keyId + "." + purpose + ".";
            return sealed.startsWith(prefix)
                    ? Optional.of(Base64.getUrlDecoder().decode(sealed.substring(prefix.length())))
                    : Optional.empty();
        }
    }

    private static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
