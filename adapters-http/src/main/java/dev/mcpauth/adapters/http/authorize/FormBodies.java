package dev.mcpauth.adapters.http.authorize;

import dev.mcpauth.adapters.http.support.RequestParameters;
import dev.mcpauth.domain.error.OAuthException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;

import java.nio.charset.StandardCharsets;

/** Reads a form POST body, refusing other content types. */
final class FormBodies {
    private FormBodies() {
    }

    static RequestParameters read(HttpRequest<?> request, byte[] body) {
        MediaType type = request.getContentType().orElse(null);
        if (type == null || !MediaType.APPLICATION_FORM_URLENCODED_TYPE.getName().equals(type.getName())) {
            throw OAuthException.invalidRequest("the request body must be application/x-www-form-urlencoded");
        }
        return RequestParameters.parseUrlEncoded(body == null ? "" : new String(body, StandardCharsets.UTF_8));
    }
}
