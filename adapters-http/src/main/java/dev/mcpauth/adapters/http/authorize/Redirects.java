package dev.mcpauth.adapters.http.authorize;

import dev.mcpauth.application.port.in.AuthorizationResponse;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The redirect back to a client's verified redirect URI, with the response parameters in its query. */
final class Redirects {
    private Redirects() {
    }

    /** 302 after the GET of the authorization endpoint, 303 after a form POST (RFC 9110 §15.4.4). */
    static MutableHttpResponse<String> to(AuthorizationResponse response, boolean afterPost) {
        StringBuilder location = new StringBuilder(response.redirectUri());
        char separator = response.redirectUri().contains("?") ? '&' : '?';
        for (Map.Entry<String, String> parameter : response.parameters().entrySet()) {
            location.append(separator)
                    .append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return HttpResponse.<String>status(afterPost ? HttpStatus.SEE_OTHER : HttpStatus.FOUND)
                .header("Location", location.toString())
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer");
    }
}
