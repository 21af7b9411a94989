package dev.mcpauth.adapters.idp.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AesGcmSecretSealerTest {
    private static final String PURPOSE = "authorization-code";
    private static final byte[] PLAINTEXT = "client_id=demo\nscope=files%3Aread".getBytes(StandardCharsets.UTF_8);
    private static final Pattern SEALED = Pattern.compile("[A-Za-z0-9_-]{8}\\.[A-Za-z0-9_-]+");

    private final byte[] oldKey = key(1);
    private final byte[] newKey = key(2);
    private final AesGcmSecretSealer sealer = new AesGcmSecretSealer(oldKey, List.of());

    @Test
    void openWhenSealedForThePurposeThenThePlaintext() {
        String sealed = sealer.seal(PLAINTEXT, PURPOSE);

        assertArrayEquals(PLAINTEXT, sealer.open(sealed, PURPOSE).orElseThrow());
    }

    @Test
    void openWhenEmptyOrBinaryPlaintextThenRoundTrips() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }

        assertArrayEquals(new byte[0], sealer.open(sealer.seal(new byte[0], PURPOSE), PURPOSE).orElseThrow());
        assertArrayEquals(binary, sealer.open(sealer.seal(binary, PURPOSE), PURPOSE).orElseThrow());
    }

    @Test
    void sealWhenCalledThenKidDotBase64UrlOfIvCiphertextAndTag() throws Exception {
        String sealed = sealer.seal(PLAINTEXT, PURPOSE);

        assertTrue(SEALED.matcher(sealed).matches(), sealed);
        String expectedKid = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(oldKey)).substring(0, 8);
        assertEquals(expectedKid, sealed.substring(0, 8));
        assertEquals(expectedKid, sealer.currentKeyId());
        byte[] body = Base64.getUrlDecoder().decode(sealed.substring(9));
        assertEquals(12 + PLAINTEXT.length + 16, body.length, "96-bit IV, ciphertext, 128-bit tag");
        assertFalse(sealed.contains("client_id"), "the plaintext is encrypted");
    }

    @Test
    void sealWhenSamePlaintextSealedManyTimesThenEveryIvAndValueDistinct() {
        Set<String> values = new HashSet<>();
        Set<String> ivs = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String sealed = sealer.seal(PLAINTEXT, PURPOSE);
            values.add(sealed);
            ivs.add(Arrays.toString(Arrays.copyOf(Base64.getUrlDecoder().decode(sealed.substring(9)), 12)));
        }

        assertEquals(2_000, values.size());
        assertEquals(2_000, ivs.size());
    }

    @Test
    void openWhenAnyByteFlippedThenEmpty() {
        String sealed = sealer.seal(PLAINTEXT, PURPOSE);
        byte[] body = Base64.getUrlDecoder().decode(sealed.substring(9));

        for (int i = 0; i < body.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] tampered = body.clone();
                tampered[i] ^= (byte) (1 << bit);
                String value = sealed.substring(0, 9)
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);

                assertEquals(Optional.empty(), sealer.open(value, PURPOSE), "byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void openWhenTruncatedOrExtendedThenEmpty() {
        String sealed = sealer.seal(PLAINTEXT, PURPOSE);
        byte[] body = Base64.getUrlDecoder().decode(sealed.substring(9));
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

        assertEquals(Optional.empty(), sealer.open(sealed.substring(0, 9)
                + encoder.encodeToString(Arrays.copyOf(body, body.length - 1)), PURPOSE));
        assertEquals(Optional.empty(), sealer.open(sealed.substring(0, 9)
                + encoder.encodeToString(Arrays.copyOf(body, body.length + 1)), PURPOSE));
        assertEquals(Optional.empty(), sealer.open(sealed + "A", PURPOSE));
        assertEquals(Optional.empty(), sealer.open(sealed.substring(0, sealed.length() - 1), PURPOSE));
    }

    @Test
    void openWhenAnotherSpellingOfTheSameBytesThenEmpty() {
        // 12 + 34 + 16 = 62 bytes: the last base64url character carries 2 unused low bits, zero when canonical.
        String sealed = sealer.seal(new byte[34], PURPOSE);
        char last = sealed.charAt(sealed.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char sameBytes = alphabet.charAt(alphabet.indexOf(last) | 1);
        String respelled = sealed.substring(0, sealed.length() - 1) + sameBytes;
        assertArrayEquals(Base64.getUrlDecoder().decode(sealed.substring(9)),
                Base64.getUrlDecoder().decode(respelled.substring(9)), "the JDK decoder ignores the unused bits");

        assertNotEquals(sealed, respelled);
        assertEquals(Optional.empty(), sealer.open(respelled, PURPOSE));
        assertEquals(Optional.empty(), sealer.open(sealed + "==", PURPOSE));
    }

    @Test
    void openWhenOtherPurposeThenEmpty() {
        String sealed = sealer.seal(PLAINTEXT, PURPOSE);

        assertEquals(Optional.empty(), sealer.open(sealed, "mcp-session"));
        assertEquals(Optional.empty(), sealer.open(sealed, ""));
        assertEquals(Optional.empty(), sealer.open(sealed, PURPOSE + " "));
    }

    @Test
    void openWhenMalformedThenEmptyAndNeverThrows() {
        String kid = sealer.currentKeyId();
        for (String malformed : new String[]{null, "", ".", "no-dot-at-all", "short.AAAA", kid, kid + ".",
                kid + ".!!!!", kid + ".AAAA", kid + "." + "A".repeat(40), "x" + kid + "." + "A".repeat(40),
                kid.substring(1) + "." + "A".repeat(40), kid + ".+/+/" + "A".repeat(40)}) {
            assertEquals(Optional.empty(), sealer.open(malformed, PURPOSE), String.valueOf(malformed));
        }
        assertEquals(Optional.empty(), sealer.open(sealer.seal(PLAINTEXT, PURPOSE), null));
    }

    @Test
    void openWhenSealedUnderAnotherKeyThenEmpty() {
        String sealed = new AesGcmSecretSealer(newKey, List.of()).seal(PLAINTEXT, PURPOSE);

        assertEquals(Optional.empty(), sealer.open(sealed, PURPOSE));
        // Even when the other key's value claims our key id.
        assertEquals(Optional.empty(), sealer.open(sealer.currentKeyId() + sealed.substring(8), PURPOSE));
    }

    @Test
    void openWhenRotatedAndOldKeyKeptAsPreviousThenOldValuesStillOpen() {
        String sealedBefore = sealer.seal(PLAINTEXT, PURPOSE);

        AesGcmSecretSealer rotated = new AesGcmSecretSealer(newKey, List.of(oldKey));
        String sealedAfter = rotated.seal(PLAINTEXT, PURPOSE);

        assertArrayEquals(PLAINTEXT, rotated.open(sealedBefore, PURPOSE).orElseThrow());
        assertArrayEquals(PLAINTEXT, rotated.open(sealedAfter, PURPOSE).orElseThrow());
        assertNotEquals(sealedBefore.substring(0, 8), sealedAfter.substring(0, 8), "sealed with the new key id");
        assertEquals(rotated.currentKeyId(), sealedAfter.substring(0, 8));
        assertEquals(Optional.empty(), sealer.open(sealedAfter, PURPOSE), "the old key cannot open new values");
    }

    @Test
    void openWhenOldKeyDroppedAfterRotationThenOldValuesNoLongerOpen() {
        String sealedBefore = sealer.seal(PLAINTEXT, PURPOSE);

        AesGcmSecretSealer rotatedTwice = new AesGcmSecretSealer(key(3), List.of(newKey));

        assertEquals(Optional.empty(), rotatedTwice.open(sealedBefore, PURPOSE));
    }

    @Test
    void constructorWhenCurrentKeyNot32BytesThenErrorNamesTheConfigKeyButNotTheKey() {
        byte[] shortKey = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AesGcmSecretSealer(shortKey, List.of()));

        assertTrue(e.getMessage().contains("mcpauth.auth.secrets-key"), e.getMessage());
        assertTrue(e.getMessage().contains("32 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("16 bytes"), e.getMessage());
        assertFalse(e.getMessage().contains("0123456789abcdef"), e.getMessage());
        assertFalse(e.getMessage().contains(Base64.getEncoder().encodeToString(shortKey)), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AesGcmSecretSealer(new byte[33], List.of()));
        assertThrows(IllegalArgumentException.class, () -> new AesGcmSecretSealer(null, List.of()));
    }

    @Test
    void constructorWhenAPreviousKeyNot32BytesThenErrorNamesTheConfigKeyAndWhichKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AesGcmSecretSealer(newKey, List.of(oldKey, new byte[24])));

        assertTrue(e.getMessage().contains("mcpauth.auth.secrets-key"), e.getMessage());
        assertTrue(e.getMessage().contains("previous key #2"), e.getMessage());
        assertTrue(e.getMessage().contains("24 bytes"), e.getMessage());
    }

    @Test
    void fromBase64WhenStandardOrUrlSafePaddedOrNotThenTheSameKey() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0xfb); // encodes with '+' and '/' in standard base64, '-' and '_' in base64url
        String standard = Base64.getEncoder().encodeToString(key);
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        assertTrue(standard.contains("+") || standard.contains("/"));
        assertTrue(standard.endsWith("="));

        AesGcmSecretSealer a = AesGcmSecretSealer.fromBase64(standard, List.of());
        AesGcmSecretSealer b = AesGcmSecretSealer.fromBase64(" " + urlSafe + "\n", List.of());

        assertEquals(a.currentKeyId(), b.currentKeyId());
        assertArrayEquals(PLAINTEXT, b.open(a.seal(PLAINTEXT, PURPOSE), PURPOSE).orElseThrow());
    }

    @Test
    void fromBase64WhenPreviousKeysGivenThenTheyOpen() {
        String sealedBefore = sealer.seal(PLAINTEXT, PURPOSE);

        AesGcmSecretSealer rotated = AesGcmSecretSealer.fromBase64(Base64.getEncoder().encodeToString(newKey),
                List.of(Base64.getUrlEncoder().encodeToString(oldKey)));

        assertArrayEquals(PLAINTEXT, rotated.open(sealedBefore, PURPOSE).orElseThrow());
    }

    @Test
    void fromBase64WhenNotBase64OrWrongLengthOrEmptyThenErrorNamesTheConfigKeyButNotTheValue() {
        String notBase64 = "this is *not* base64!";
        String tooShort = Base64.getEncoder().encodeToString(new byte[16]);

        for (String bad : new String[]{notBase64, tooShort, "", "   ", null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AesGcmSecretSealer.fromBase64(bad, List.of()));
            assertTrue(e.getMessage().contains("mcpauth.auth.secrets-key"), e.getMessage());
            assertTrue(bad == null || bad.isBlank() || !e.getMessage().contains(bad), e.getMessage());
            assertEquals(null, e.getCause(), "no cause that could quote the key");
        }
        IllegalArgumentException previous = assertThrows(IllegalArgumentException.class,
                () -> AesGcmSecretSealer.fromBase64(Base64.getEncoder().encodeToString(newKey), List.of(notBase64)));
        assertTrue(previous.getMessage().contains("previous key #1"), previous.getMessage());
    }

    @Test
    void generateWhenCalledThenAWorkingSealerWithItsOwnKey() {
        AesGcmSecretSealer a = AesGcmSecretSealer.generate();
        AesGcmSecretSealer b = AesGcmSecretSealer.generate();

        assertArrayEquals(PLAINTEXT, a.open(a.seal(PLAINTEXT, PURPOSE), PURPOSE).orElseThrow());
        assertNotEquals(a.currentKeyId(), b.currentKeyId());
        assertEquals(Optional.empty(), b.open(a.seal(PLAINTEXT, PURPOSE), PURPOSE));
    }

    @Test
    void toStringWhenPrintedThenNoKeyMaterial() {
        String text = sealer.toString();

        assertTrue(text.contains(sealer.currentKeyId()));
        assertFalse(text.contains(Base64.getEncoder().encodeToString(oldKey)));
        assertFalse(text.contains(Base64.getUrlEncoder().withoutPadding().encodeToString(oldKey)));
    }

    @Test
    void sealAndOpenWhenUsedFromManyThreadsThenEveryValueRoundTrips() {
        AesGcmSecretSealer rotated = new AesGcmSecretSealer(newKey, List.of(oldKey));

        boolean allOpen = IntStream.range(0, 2_000).parallel().allMatch(i -> {
            byte[] plaintext = ("value-" + i).getBytes(StandardCharsets.UTF_8);
            return Arrays.equals(plaintext, rotated.open(rotated.seal(plaintext, PURPOSE), PURPOSE).orElseThrow());
        });

        assertTrue(allOpen);
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i * 7);
        }
        return key;
    }
}
