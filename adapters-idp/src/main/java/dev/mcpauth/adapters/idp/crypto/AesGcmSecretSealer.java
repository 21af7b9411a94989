package dev.mcpauth.adapters.idp.crypto;

import dev.mcpauth.application.port.out.SecretSealer;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Seals with AES-256-GCM (NIST SP 800-38D): a random 96-bit IV per seal, a 128-bit tag, the purpose as associated
 * data. A sealed value reads {@code <kid>.<base64url(iv || ciphertext || tag)>}, where the kid is the first 8
 * base64url characters of SHA-256(key), so that after a rotation values sealed under a previous key still open as
 * long as that key is configured among the previous ones.
 */
public final class AesGcmSecretSealer implements SecretSealer {
    /** The configuration key that holds the current key; named in every error, the key itself never is. */
    public static final String CONFIG_KEY = "mcpauth.auth.secrets-key";
    public static final int KEY_BYTES = 32;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int TAG_BYTES = TAG_BITS / 8;
    private static final int KID_CHARS = 8;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();
    private final String currentKid;
    private final SecretKey currentKey;
    /** Every usable key by its id, the current one first. */
    private final Map<String, SecretKey> keys;

    /**
     * @param currentKey   seals, and opens what it sealed; 32 bytes
     * @param previousKeys only open, so that values sealed before a rotation stay readable; 32 bytes each
     */
    public AesGcmSecretSealer(byte[] currentKey, List<byte[]> previousKeys) {
        Objects.requireNonNull(previousKeys, "previousKeys");
        checkLength(currentKey, CONFIG_KEY + " must be a 256-bit AES key");
        Map<String, SecretKey> byId = new LinkedHashMap<>();
        this.currentKid = keyId(currentKey);
        this.currentKey = new SecretKeySpec(currentKey, "AES");
        byId.put(currentKid, this.currentKey);
        for (int i = 0; i < previousKeys.size(); i++) {
            byte[] previous = previousKeys.get(i);
            checkLength(previous, CONFIG_KEY + ": previous key #" + (i + 1) + " must be a 256-bit AES key");
            String kid = keyId(previous);
            SecretKey key = new SecretKeySpec(previous, "AES");
            SecretKey known = byId.putIfAbsent(kid, key);
            if (known != null && !MessageDigest.isEqual(known.getEncoded(), previous)) {
                // 48 bits of SHA-256 alike for two different keys: practically never, but never guess between them.
                throw new IllegalArgumentException(CONFIG_KEY + ": previous key #" + (i + 1)
                        + " has the same key id as another key; generate a new key");
            }
        }
        this.keys = Collections.unmodifiableMap(byId);
    }

    /**
     * Keys from configuration, in standard or URL-safe base64, padded or not.
     *
     * @throws IllegalArgumentException naming {@value #CONFIG_KEY} when a key is not base64 or not 32 bytes
     */
    public static AesGcmSecretSealer fromBase64(String current, List<String> previous) {
        Objects.requireNonNull(previous, "previous");
        byte[] currentKey = decode(current, CONFIG_KEY);
        List<byte[]> previousKeys = new ArrayList<>();
        for (int i = 0; i < previous.size(); i++) {
            previousKeys.add(decode(previous.get(i), CONFIG_KEY + ": previous key #" + (i + 1)));
        }
        return new AesGcmSecretSealer(currentKey, previousKeys);
    }

    /**
     * A sealer with a fresh random key, for a single instance without a configured key: what it seals cannot be
     * opened by another instance, nor after a restart.
     */
    public static AesGcmSecretSealer generate() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return new AesGcmSecretSealer(key, List.of());
    }

    /** The id of the key that seals, as it prefixes every sealed value (for logs; it reveals nothing of the key). */
    public String currentKeyId() {
        return currentKid;
    }

    @Override
    public String seal(byte[] plaintext, String purpose) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(purpose, "purpose");
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, currentKey, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] ciphertextAndTag = cipher.doFinal(plaintext);
            byte[] sealed = new byte[IV_BYTES + ciphertextAndTag.length];
            System.arraycopy(iv, 0, sealed, 0, IV_BYTES);
            System.arraycopy(ciphertextAndTag, 0, sealed, IV_BYTES, ciphertextAndTag.length);
            return currentKid + "." + BASE64URL.encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every JDK", e);
        }
    }

    @Override
    public Optional<byte[]> open(String sealed, String purpose) {
        if (sealed == null || purpose == null) {
            return Optional.empty();
        }
        int dot = sealed.indexOf('.');
        if (dot != KID_CHARS) {
            return Optional.empty();
        }
        SecretKey key = keys.get(sealed.substring(0, dot));
        if (key == null) {
            return Optional.empty();
        }
        String body = sealed.substring(dot + 1);
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(body);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        // Only the one canonical spelling opens: the decoder would accept padding and stray low bits in the last
        // character, which would give one sealed value several spellings.
        if (bytes.length < IV_BYTES + TAG_BYTES || !BASE64URL.encodeToString(bytes).equals(body)) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            return Optional.of(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES));
        } catch (GeneralSecurityException | RuntimeException tamperedOrWrongPurpose) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "AesGcmSecretSealer[kid=" + currentKid + ", keys=" + keys.size() + "]";
    }

    static String keyId(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return BASE64URL.encodeToString(digest).substring(0, KID_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private static void checkLength(byte[] key, String what) {
        if (key == null) {
            throw new IllegalArgumentException(what + " (32 bytes, base64-encoded); none was given");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(what + " (32 bytes, base64-encoded); it is " + key.length
                    + " bytes. Generate one with: openssl rand -base64 32");
        }
    }

    private static byte[] decode(String base64, String what) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalArgumentException(what + " is empty; it must be a 256-bit AES key (32 bytes,"
                    + " base64-encoded). Generate one with: openssl rand -base64 32");
        }
        String standard = base64.strip().replace('-', '+').replace('_', '/');
        try {
            return Base64.getDecoder().decode(standard);
        } catch (IllegalArgumentException notBase64) {
            // The decoder's message quotes the offending character of the key: not passed on.
            throw new IllegalArgumentException(what + " is not valid base64; it must be a 256-bit AES key"
                    + " (32 bytes, base64-encoded). Generate one with: openssl rand -base64 32");
        }
    }
}
