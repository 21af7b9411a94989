package dev.mcpauth.adapters.http.error;

import dev.mcpauth.adapters.http.support.Json;
import io.micronaut.context.annotation.Primary;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors the framework raises itself (no such route, method not allowed, body too large) in the same JSON shape as
 * the protocol errors: {@code error} and {@code error_description}.
 */
@Primary
@Singleton
public final class ProtocolErrorResponseProcessor implements ErrorResponseProcessor<byte[]> {
    private final Json json;

    public ProtocolErrorResponseProcessor(Json json) {
        this.json = json;
    }

    @Override
    public MutableHttpResponse<byte[]> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        int status = response.code();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code(status));
        body.put("error_description", context.getErrors().stream().findFirst().map(Error::getMessage)
                .filter(message -> status < 500).orElse(response.reason()));
        MutableHttpResponse<byte[]> rendered = response.body(json.write(body));
        return rendered.contentType(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store");
    }

    private static String code(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 401 -> "invalid_token";
            default -> status >= 500 ? "server_error" : "invalid_request";
        };
    }
}
