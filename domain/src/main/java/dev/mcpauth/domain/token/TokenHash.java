package dev.mcpauth.domain.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The SHA-256 of a high-entropy token value (authorization code, refresh token, generated client secret),
 * base64url-encoded. Stores keep only this, never the token. A fast hash is enough: the values it hashes carry
 * 256 bits of randomness, so there is nothing to brute-force.
 */
public record TokenHash(String value) {
    public TokenHash {
        if (value == null || value.length() != 43) {
            throw new IllegalArgumentException("a token hash is 43 base64url characters");
        }
    }

    public static TokenHash of(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return new TokenHash(Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** Constant-time comparison, so that timing reveals nothing about a stored hash. */
    public boolean matches(TokenHash other) {
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                other.value.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "TokenHash[" + value.substring(0, 8) + "…]";
    }
}
