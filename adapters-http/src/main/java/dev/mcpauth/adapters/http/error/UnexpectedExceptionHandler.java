package dev.mcpauth.adapters.http.error;

import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything unexpected becomes {@code server_error} with no internals in the body; the stack trace goes to the log.
 */
@Produces
@Singleton
@Requires(classes = ExceptionHandler.class)
public final class UnexpectedExceptionHandler implements ExceptionHandler<RuntimeException, HttpResponse<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionHandler.class);

    private final OAuthErrors errors;

    public UnexpectedExceptionHandler(OAuthErrors errors) {
        this.errors = errors;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, RuntimeException exception) {
        LOG.error("unexpected error on {} {}", request.getMethod(), request.getPath(), exception);
        return errors.render(new OAuthException(OAuthError.SERVER_ERROR, "the server could not handle the request"));
    }
}
