package dev.mcpauth.adapters.http.token;

import dev.mcpauth.adapters.http.support.Json;
import dev.mcpauth.adapters.http.support.RequestParameters;
import dev.mcpauth.application.port.in.ClientCredentials;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import jakarta.inject.Singleton;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Reads the body and client credentials of a request to the token, revocation or introspection endpoint. The body
 * is a form (RFC 6749 §3.2) or, as FrontMCP also accepts, a JSON object.
 */
@Singleton
public final class TokenRequests {
    private static final List<String> MAY_REPEAT = List.of("resource");

    private final Json json;

    public TokenRequests(Json json) {
        this.json = json;
    }

    public RequestParameters parameters(HttpRequest<?> request, byte[] body) {
        MediaType type = request.getContentType().orElseThrow(() -> OAuthException.invalidRequest(
                "the request body must be application/x-www-form-urlencoded or application/json"));
        RequestParameters parameters;
        if (MediaType.APPLICATION_FORM_URLENCODED_TYPE.getName().equals(type.getName())) {
            parameters = RequestParameters.parseUrlEncoded(body == null ? "" : new String(body, StandardCharsets.UTF_8));
        } else if (MediaType.APPLICATION_JSON_TYPE.getName().equals(type.getName())) {
            parameters = RequestParameters.fromJson(json.readObject(body));
        } else {
            throw OAuthException.invalidRequest(
                    "the request body must be application/x-www-form-urlencoded or application/json");
        }
        List<String> repeated = parameters.repeated(MAY_REPEAT);
        if (!repeated.isEmpty()) {
            throw OAuthException.invalidRequest(repeated.get(0) + " is repeated");
        }
        return parameters;
    }

    /**
     * The client's credentials: HTTP Basic, or {@code client_id}/{@code client_secret} in the body, never both
     * (OAuth 2.1 §2.4.1: one method per request).
     */
    public ClientCredentials credentials(HttpRequest<?> request, RequestParameters parameters) {
        String authorization = request.getHeaders().getAuthorization().orElse(null);
        String bodyClientId = parameters.get("client_id");
        String bodySecret = parameters.get("client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (bodySecret != null) {
                throw OAuthException.invalidRequest("use one client authentication method, not two");
            }
            ClientCredentials.Basic basic = basic(authorization.substring(6).trim());
            if (bodyClientId != null && !bodyClientId.equals(basic.clientId())) {
                throw OAuthException.invalidRequest("client_id does not match the Authorization header");
            }
            return basic;
        }
        if (bodySecret != null) {
            return new ClientCredentials.Post(bodyClientId, bodySecret);
        }
        return new ClientCredentials.None(bodyClientId);
    }

    /** RFC 6749 §2.3.1: client id and secret are form-urlencoded before Basic encoding. */
    private static ClientCredentials.Basic basic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("no colon");
            }
            String id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            return new ClientCredentials.Basic(id, secret);
        } catch (IllegalArgumentException e) {
            throw new OAuthException(OAuthError.INVALID_CLIENT, "malformed HTTP Basic client credentials");
        }
    }
}
