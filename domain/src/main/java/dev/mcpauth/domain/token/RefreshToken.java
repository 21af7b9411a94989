package dev.mcpauth.domain.token;

import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.grant.GrantId;

import java.util.Optional;

/**
 * A refresh token as the client holds it: {@code <grant id>.<secret>}. The grant id lets a rotated token be traced
 * to its family without an index; the secret is what is hashed and compared.
 */
public record RefreshToken(GrantId grantId, String secret) {
    public RefreshToken {
        if (secret == null || secret.length() < 32) {
            throw new IllegalArgumentException("a refresh token secret has at least 32 characters");
        }
    }

    public String value() {
        return grantId.value() + "." + secret;
    }

    public TokenHash hash() {
        return TokenHash.of(secret);
    }

    /** Parses a presented token; anything malformed is simply not a refresh token of ours. */
    public static Optional<RefreshToken> parse(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        int dot = presented.indexOf('.');
        if (dot <= 0 || dot != presented.lastIndexOf('.')) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RefreshToken(new GrantId(presented.substring(0, dot)), presented.substring(dot + 1)));
        } catch (IllegalArgumentException | OAuthException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "RefreshToken[" + grantId + "]";
    }
}
