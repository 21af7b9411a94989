package dev.mcpauth.domain.error;

import java.util.Objects;

/**
 * A protocol error: the public {@code description} goes to the client, the private {@code detail} only to logs.
 */
public class OAuthException extends RuntimeException {
    private final OAuthError error;
    private final String description;
    private final String detail;

    public OAuthException(OAuthError error, String description) {
        this(error, description, null);
    }

    public OAuthException(OAuthError error, String description, String detail) {
        super(error.code() + ": " + description, null, false, false);
        this.error = Objects.requireNonNull(error);
        this.description = Objects.requireNonNull(description);
        this.detail = detail;
    }

    public OAuthError error() {
        return error;
    }

    public String description() {
        return description;
    }

    /** What went wrong in terms only the operator should see; may be null. */
    public String detail() {
        return detail;
    }

    public static OAuthException invalidRequest(String description) {
        return new OAuthException(OAuthError.INVALID_REQUEST, description);
    }

    public static OAuthException invalidGrant(String description) {
        return new OAuthException(OAuthError.INVALID_GRANT, description);
    }

    public static OAuthException invalidClient(String description) {
        return new OAuthException(OAuthError.INVALID_CLIENT, description);
    }
}
