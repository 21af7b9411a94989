package dev.mcpauth.domain.grant;

/** Identifies a grant; carried as {@code sid} in access tokens and as the prefix of its refresh tokens. */
public record GrantId(String value) {
    public GrantId {
        if (value == null || value.isEmpty() || value.length() > 64) {
            throw new IllegalArgumentException("a grant id is 1 to 64 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_')) {
                throw new IllegalArgumentException("a grant id is base64url characters");
            }
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
