package dev.mcpauth.adapters.http.support;

import dev.mcpauth.domain.error.OAuthException;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** JSON in and out, with bad input turned into {@code invalid_request}. */
@Singleton
public final class Json {
    private static final Argument<Map<String, Object>> OBJECT = Argument.mapOf(String.class, Object.class);

    private final JsonMapper mapper;

    public Json(JsonMapper mapper) {
        this.mapper = mapper;
    }

    public Map<String, Object> readObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw OAuthException.invalidRequest("the request body must be a JSON object");
        }
        try {
            Map<String, Object> object = mapper.readValue(body, OBJECT);
            if (object == null) {
                throw OAuthException.invalidRequest("the request body must be a JSON object");
            }
            return object;
        } catch (IOException | RuntimeException e) {
            if (e instanceof OAuthException oauth) {
                throw oauth;
            }
            throw OAuthException.invalidRequest("the request body is not a valid JSON object");
        }
    }

    /** Parses any JSON value (object, array, scalar); empty for unparseable input. */
    public java.util.Optional<Object> readAny(byte[] body) {
        try {
            return java.util.Optional.ofNullable(mapper.readValue(body, Argument.OBJECT_ARGUMENT));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public MutableHttpResponse<byte[]> response(int status, Object value) {
        return HttpResponse.<byte[]>status(io.micronaut.http.HttpStatus.valueOf(status))
                .body(write(value))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
