package dev.mcpauth.adapters.http.error;

import dev.mcpauth.application.port.out.UpstreamUnavailableException;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * The identity provider's keys cannot be had (transparent mode, IdP down beyond the stale grace): 503
 * {@code temporarily_unavailable} with {@code Retry-After}, never a 401 that would send the client to sign in again.
 */
@Produces
@Singleton
@Requires(classes = ExceptionHandler.class)
public final class UpstreamUnavailableHandler
        implements ExceptionHandler<UpstreamUnavailableException, HttpResponse<?>> {
    private final OAuthErrors errors;

    public UpstreamUnavailableHandler(OAuthErrors errors) {
        this.errors = errors;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, UpstreamUnavailableException exception) {
        return errors.render(new OAuthException(OAuthError.TEMPORARILY_UNAVAILABLE,
                        "the identity provider cannot be reached; retry shortly", exception.getMessage()))
                .header("Retry-After", StorageUnavailableHandler.RETRY_AFTER_SECONDS);
    }
}
