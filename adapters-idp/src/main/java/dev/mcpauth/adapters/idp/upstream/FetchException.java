package dev.mcpauth.adapters.idp.upstream;

/** A document could not be fetched: no answer at all ({@code status} 0), or an answer that cannot be used. */
final class FetchException extends Exception {
    private final int status;

    FetchException(String message, int status) {
        this(message, status, null);
    }

    FetchException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status of the unusable answer (200 when its body was the problem), or 0 when there was none. */
    int status() {
        return status;
    }

    /** True when another URL of the same host may do better: the host answered, and not with a server error. */
    boolean worthAnotherUrl() {
        return status != 0 && status < 500;
    }
}
