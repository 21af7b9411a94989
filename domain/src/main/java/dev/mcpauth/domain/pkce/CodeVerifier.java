package dev.mcpauth.domain.pkce;

import dev.mcpauth.domain.error.OAuthException;

/** A PKCE code verifier (RFC 7636 §4.1): 43 to 128 unreserved characters. */
public record CodeVerifier(String value) {
    public CodeVerifier {
        if (value == null || value.isEmpty()) {
            throw OAuthException.invalidRequest("code_verifier is required");
        }
        if (value.length() < 43 || value.length() > 128) {
            throw OAuthException.invalidGrant("code_verifier must be 43 to 128 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(isAlphaNumeric(c) || c == '-' || c == '.' || c == '_' || c == '~')) {
                throw OAuthException.invalidGrant("code_verifier contains characters outside the unreserved set");
            }
        }
    }

    static boolean isBase64UrlAlphabet(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isAlphaNumeric(c) || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphaNumeric(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
