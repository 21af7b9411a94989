package dev.mcpauth.adapters.http.error;

import dev.mcpauth.domain.error.OAuthException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Every protocol error that reaches the framework becomes RFC 6749 JSON. */
@Produces
@Singleton
@Requires(classes = {OAuthException.class, ExceptionHandler.class})
public final class OAuthExceptionHandler implements ExceptionHandler<OAuthException, HttpResponse<?>> {
    private final OAuthErrors errors;

    public OAuthExceptionHandler(OAuthErrors errors) {
        this.errors = errors;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, OAuthException exception) {
        return errors.render(exception);
    }
}
