package dev.mcpauth.adapters.http.error;

import dev.mcpauth.application.port.out.StorageUnavailableException;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Storage that cannot be reached is a temporary condition: 503 {@code temporarily_unavailable} with
 * {@code Retry-After}, so clients retry instead of giving up; the service resumes by itself when storage returns.
 */
@Produces
@Singleton
@Requires(classes = ExceptionHandler.class)
public final class StorageUnavailableHandler
        implements ExceptionHandler<StorageUnavailableException, HttpResponse<?>> {
    static final String RETRY_AFTER_SECONDS = "5";

    private final OAuthErrors errors;

    public StorageUnavailableHandler(OAuthErrors errors) {
        this.errors = errors;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, StorageUnavailableException exception) {
        return errors.render(new OAuthException(OAuthError.TEMPORARILY_UNAVAILABLE,
                        "the service is temporarily unavailable; retry shortly", exception.getMessage()))
                .header("Retry-After", RETRY_AFTER_SECONDS);
    }
}
