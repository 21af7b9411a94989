package dev.mcpauth.application.port.out;

/**
 * Thrown by a store that cannot reach its backing storage (Redis down, timed out). Nothing was written, or what was
 * written is all-or-nothing; the HTTP layer answers 503 {@code temporarily_unavailable} with {@code Retry-After}.
 */
public class StorageUnavailableException extends RuntimeException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
