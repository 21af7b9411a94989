package dev.mcpauth.application.fakes;

import dev.mcpauth.application.port.out.SecretSealer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Seals for real, with the JDK's HMAC-SHA256 alone (the AES-GCM sealer is tested with the idp adapter): a random
 * 96-bit nonce, the plaintext XORed with an HMAC keystream, a 128-bit HMAC tag over purpose, nonce and ciphertext.
 * The value reads {@code <kid>.<base64url(nonce || ciphertext || tag)>}, exactly as long as the AES-GCM sealer's,
 * so that length limits tested here hold in production. Every flipped byte, other purpose or other key: empty.
 */
public final class FakeSecretSealer implements SecretSealer {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BYTES = 16;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;
    private final String kid;
    private final SecureRandom random = new SecureRandom();

    public FakeSecretSealer() {
        this.key = new byte[32];
        random.nextBytes(key);
        this.kid = BASE64URL.encodeToString(mac(new byte[]{'k', 'i', 'd'})).substring(0, 8);
    }

    @Override
    public String seal(byte[] plaintext, String purpose) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] ciphertext = xor(plaintext, nonce);
        byte[] body = ByteBuffer.allocate(NONCE_BYTES + ciphertext.length + TAG_BYTES)
                .put(nonce).put(ciphertext).put(tag(purpose, nonce, ciphertext)).array();
        return kid + "." + BASE64URL.encodeToString(body);
    }

    @Override
    public Optional<byte[]> open(String sealed, String purpose) {
        if (sealed == null || purpose == null || !sealed.startsWith(kid + ".")) {
            return Optional.empty();
        }
        String encoded = sealed.substring(kid.length() + 1);
        byte[] body;
        try {
            body = Base64.getUrlDecoder().decode(encoded);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (body.length < NONCE_BYTES + TAG_BYTES || !BASE64URL.encodeToString(body).equals(encoded)) {
            return Optional.empty();
        }
        byte[] nonce = Arrays.copyOfRange(body, 0, NONCE_BYTES);
        byte[] ciphertext = Arrays.copyOfRange(body, NONCE_BYTES, body.length - TAG_BYTES);
        byte[] tag = Arrays.copyOfRange(body, body.length - TAG_BYTES, body.length);
        if (!MessageDigest.isEqual(tag, tag(purpose, nonce, ciphertext))) {
            return Optional.empty();
        }
        return Optional.of(xor(ciphertext, nonce));
    }

    private byte[] tag(String purpose, byte[] nonce, byte[] ciphertext) {
        byte[] aad = purpose.getBytes(StandardCharsets.UTF_8);
        byte[] input = ByteBuffer.allocate(1 + Integer.BYTES + aad.length + nonce.length + ciphertext.length)
                .put((byte) 't').putInt(aad.length).put(aad).put(nonce).put(ciphertext).array();
        return Arrays.copyOf(mac(input), TAG_BYTES);
    }

    private byte[] xor(byte[] data, byte[] nonce) {
        byte[] out = new byte[data.length];
        for (int block = 0; block * 32 < data.length; block++) {
            byte[] stream = mac(ByteBuffer.allocate(1 + NONCE_BYTES + Integer.BYTES)
                    .put((byte) 's').put(nonce).putInt(block).array());
            for (int i = 0; i < 32 && block * 32 + i < data.length; i++) {
                out[block * 32 + i] = (byte) (data[block * 32 + i] ^ stream[i]);
            }
        }
        return out;
    }

    private byte[] mac(byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }
}
