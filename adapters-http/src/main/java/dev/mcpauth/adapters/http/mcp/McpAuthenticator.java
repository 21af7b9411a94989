package dev.mcpauth.adapters.http.mcp;

import dev.mcpauth.adapters.http.error.OAuthErrors;
import dev.mcpauth.adapters.http.support.BaseUrls;
import dev.mcpauth.adapters.http.support.HttpSettings;
import dev.mcpauth.adapters.http.support.Json;
import dev.mcpauth.adapters.http.token.BearerTokens;
import dev.mcpauth.application.port.in.AuthenticateBearerUseCase;
import dev.mcpauth.domain.app.McpApp;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.mode.AuthMode;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.session.Principal;
import dev.mcpauth.domain.token.AccessTokenClaims;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates a request to an MCP endpoint per the app's auth mode. A missing or invalid token gets 401 with
 * {@code WWW-Authenticate: Bearer resource_metadata=…, scope=…} (RFC 9728 §5.1, MCP authorization); a valid token
 * lacking the app's scopes gets 403 {@code insufficient_scope} (RFC 6750 §3.1), which is how clients step up.
 */
@Singleton
final class McpAuthenticator {
    private final HttpSettings settings;
    private final BaseUrls baseUrls;
    private final AuthenticateBearerUseCase bearer;
    private final Json json;

    McpAuthenticator(HttpSettings settings, BaseUrls baseUrls, AuthenticateBearerUseCase bearer, Json json) {
        this.settings = settings;
        this.baseUrls = baseUrls;
        this.bearer = bearer;
        this.json = json;
    }

    /** The caller, or the error response to send instead. */
    Result authenticate(HttpRequest<?> request, McpApp app) {
        if (settings.mode() instanceof AuthMode.Public publicMode) {
            return new Result(new McpCaller(app, new Principal.Anonymous("anonymous"), "anonymous",
                    publicMode.anonymousScopes(), List.of()), null);
        }
        String base = baseUrls.baseUrl(request);
        Audience resource = app.resource(base);
        String token = BearerTokens.from(request);
        if (token == null) {
            return new Result(null, challenge(base, app, 401, null, null));
        }
        AccessTokenClaims claims;
        try {
            claims = bearer.authenticate(new AuthenticateBearerUseCase.BearerToken(base, token, Optional.of(resource)));
        } catch (OAuthException e) {
            OAuthErrors.log(e);
            return new Result(null, challenge(base, app, 401, "invalid_token", e.description()));
        }
        Scopes missing = claims.scope().missingFrom(app.scopes());
        if (!missing.isEmpty()) {
            return new Result(null, challenge(base, app, 403, "insufficient_scope",
                    "the token lacks scope " + missing));
        }
        return new Result(new McpCaller(app, new Principal.Authenticated(claims.subject(), claims.clientId().value()),
                claims.clientId().value(), claims.scope(),
                claims.audiences().stream().map(Audience::value).toList()), null);
    }

    private MutableHttpResponse<byte[]> challenge(String base, McpApp app, int status, String error,
                                                  String description) {
        StringBuilder header = new StringBuilder("Bearer resource_metadata=\"")
                .append(base).append("/.well-known/oauth-protected-resource").append(app.path()).append('"');
        if (!app.scopes().isEmpty()) {
            header.append(", scope=\"").append(OAuthErrors.quoted(app.scopes().asString())).append('"');
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (error != null) {
            header.append(", error=\"").append(error).append("\", error_description=\"")
                    .append(OAuthErrors.quoted(description)).append('"');
            body.put("error", error);
            body.put("error_description", description);
        } else {
            body.put("error", "invalid_token");
            body.put("error_description", "an access token is required");
        }
        return json.response(status, body)
                .header("WWW-Authenticate", header.toString())
                .header("Cache-Control", "no-store");
    }

    /** Either a caller or a response. */
    record Result(McpCaller caller, MutableHttpResponse<byte[]> failure) {
    }
}
