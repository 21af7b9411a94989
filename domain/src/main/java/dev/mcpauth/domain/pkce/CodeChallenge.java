package dev.mcpauth.domain.pkce;

import dev.mcpauth.domain.error.OAuthException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A PKCE S256 code challenge (RFC 7636 §4.2): BASE64URL(SHA256(verifier)), 43 characters.
 * OAuth 2.1 §4.1.1 and RFC 9700 §2.1.1: PKCE for every client; {@code plain} is refused.
 */
public record CodeChallenge(String value) {
    public static final String S256 = "S256";

    public CodeChallenge {
        if (value == null || value.isEmpty()) {
            throw OAuthException.invalidRequest("code_challenge is required (PKCE with S256)");
        }
        if (value.length() != 43 || !CodeVerifier.isBase64UrlAlphabet(value)) {
            throw OAuthException.invalidRequest("code_challenge must be 43 base64url characters (S256)");
        }
    }

    /** Builds a challenge from the request's parameters; only S256 is accepted. */
    public static CodeChallenge of(String challenge, String method) {
        if (challenge == null || challenge.isEmpty()) {
            throw OAuthException.invalidRequest("code_challenge is required (PKCE with S256)");
        }
        if (method == null || method.isEmpty()) {
            // RFC 7636 §4.3 would default to plain, which OAuth 2.1 no longer allows.
            throw OAuthException.invalidRequest("code_challenge_method is required and must be S256");
        }
        if (!S256.equals(method)) {
            throw OAuthException.invalidRequest("code_challenge_method must be S256; " + "plain is not supported");
        }
        return new CodeChallenge(challenge);
    }

    public static CodeChallenge fromVerifier(CodeVerifier verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(verifier.value().getBytes(StandardCharsets.US_ASCII));
            return new CodeChallenge(Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** Whether the verifier hashes to this challenge, compared in constant time. */
    public boolean isSatisfiedBy(CodeVerifier verifier) {
        byte[] expected = value.getBytes(StandardCharsets.US_ASCII);
        byte[] actual = fromVerifier(verifier).value().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }
}
