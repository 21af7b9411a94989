package dev.mcpauth.adapters.http.error;

import dev.mcpauth.adapters.http.operations.Metrics;
import dev.mcpauth.adapters.http.support.Json;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders protocol errors as RFC 6749 §5.2 JSON ({@code error}, {@code error_description}), never cached. The private
 * detail of an error goes to the log only.
 */
@Singleton
public final class OAuthErrors {
    private static final Logger LOG = LoggerFactory.getLogger(OAuthErrors.class);

    private final Json json;
    private final Metrics metrics;

    public OAuthErrors(Json json, Metrics metrics) {
        this.json = json;
        this.metrics = metrics;
    }

    /** Logs and counts an error that is answered some other way (an error page, a redirect, a challenge). */
    public void record(OAuthException e) {
        log(e);
        metrics.protocolError(e.error().code());
    }

    public MutableHttpResponse<byte[]> render(OAuthException e) {
        record(e);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.error().code());
        body.put("error_description", e.description());
        MutableHttpResponse<byte[]> response = json.response(e.error().httpStatus(), body);
        response.header("Cache-Control", "no-store");
        if (e.error() == OAuthError.INVALID_CLIENT) {
            // RFC 6749 §5.2: a 401 for client authentication names the scheme.
            response.header("WWW-Authenticate", "Basic realm=\"mcpauth\"");
        }
        if (e.error() == OAuthError.INVALID_TOKEN) {
            response.header("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\""
                    + quoted(e.description()) + "\"");
        }
        return response;
    }

    public static void log(OAuthException e) {
        if (e.error() == OAuthError.SERVER_ERROR || e.error() == OAuthError.TEMPORARILY_UNAVAILABLE) {
            LOG.warn("{}: {} ({})", e.error().code(), e.description(), e.detail());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("{}: {} ({})", e.error().code(), e.description(), e.detail());
        }
    }

    /** Escapes a value for a quoted-string in an HTTP header (RFC 9110 §5.6.4). */
    public static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
