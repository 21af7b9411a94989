package dev.mcpauth.adapters.http.mcp;

import dev.mcpauth.adapters.http.error.OAuthErrors;
import dev.mcpauth.adapters.http.support.BaseUrls;
import dev.mcpauth.adapters.http.support.HttpSettings;
import dev.mcpauth.adapters.http.support.Json;
import dev.mcpauth.adapters.http.token.BearerTokens;
import dev.mcpauth.application.port.in.AuthenticateBearerUseCase;
import dev.mcpauth.application.port.in.AuthenticateUpstreamBearerUseCase;
import dev.mcpauth.application.port.in.UpstreamClaims;
import dev.mcpauth.domain.app.McpApp;
import dev.mcpauth.domain.error.OAuthError;
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
import java.util.UUID;

/**
 * Authenticates a request to an MCP endpoint per the app's auth mode. A missing or invalid token gets 401 with
 * {@code WWW-Authenticate: Bearer resource_metadata=…, scope=…} (RFC 9728 §5.1, MCP authorization); a valid token
 * lacking the app's scopes gets 403 {@code insufficient_scope} (RFC 6750 §3.1), which is how clients step up.
 */
@Singleton
final class McpAuthenticator {
    /** The client id of anonymous callers, who have no OAuth client. */
    static final String ANONYMOUS_CLIENT = "anonymous";

    private static final java.util.Set<String> LOOPBACK_NAMES = java.util.Set.of("localhost", "127.0.0.1", "[::1]");

    private final HttpSettings settings;
    private final BaseUrls baseUrls;
    private final AuthenticateBearerUseCase bearer;
    private final AuthenticateUpstreamBearerUseCase upstream;
    private final Json json;

    McpAuthenticator(HttpSettings settings, BaseUrls baseUrls, AuthenticateBearerUseCase bearer,
                     AuthenticateUpstreamBearerUseCase upstream, Json json) {
        this.settings = settings;
        this.baseUrls = baseUrls;
        this.bearer = bearer;
        this.upstream = upstream;
        this.json = json;
    }

    /** The caller, or the error response to send instead. */
    Result authenticate(HttpRequest<?> request, McpApp app) {
        if (settings.mode() instanceof AuthMode.Public publicMode) {
            Optional<MutableHttpResponse<byte[]>> rebinding = refuseRebinding(request);
            if (rebinding.isPresent()) {
                return new Result(null, rebinding.get());
            }
            return anonymous(app, publicMode.anonymousScopes());
        }
        if (settings.mode() instanceof AuthMode.Transparent transparent) {
            return transparent(request, app, transparent);
        }
        String base = baseUrls.baseUrl(request);
        Audience resource = app.resource(base);
        String token = BearerTokens.from(request);
        if (token == null) {
            return new Result(null, challenge(base, app, app.scopes(), 401, null, null));
        }
        AccessTokenClaims claims;
        try {
            claims = bearer.authenticate(new AuthenticateBearerUseCase.BearerToken(base, token, Optional.of(resource)));
        } catch (OAuthException e) {
            OAuthErrors.log(e);
            return new Result(null, challenge(base, app, app.scopes(), 401, "invalid_token", e.description()));
        }
        Scopes missing = claims.scope().missingFrom(app.scopes());
        if (!missing.isEmpty()) {
            return new Result(null, challenge(base, app, app.scopes(), 403, "insufficient_scope",
                    "the token lacks scope " + missing));
        }
        return new Result(new McpCaller(app, new Principal.Authenticated(claims.subject(), claims.clientId().value()),
                claims.clientId().value(), claims.scope(),
                claims.audiences().stream().map(Audience::value).toList()), null);
    }

    /** No credential: a new anonymous principal, which becomes the owner of the session it initializes. */
    private static Result anonymous(McpApp app, Scopes scopes) {
        return new Result(new McpCaller(app, new Principal.Anonymous("anonymous-" + UUID.randomUUID()),
                ANONYMOUS_CLIENT, scopes, List.of()), null);
    }

    /** Transparent mode: the IdP's token, checked against its keys and the required scopes. */
    private Result transparent(HttpRequest<?> request, McpApp app, AuthMode.Transparent mode) {
        String base = baseUrls.baseUrl(request);
        String token = BearerTokens.from(request);
        if (token == null) {
            return mode.allowAnonymous() ? anonymous(app, Scopes.empty())
                    : new Result(null, challenge(base, app, mode.requiredScopes(), 401, null, null));
        }
        UpstreamClaims claims;
        try {
            claims = upstream.authenticate(token);
        } catch (OAuthException e) {
            OAuthErrors.log(e);
            return e.error() == OAuthError.INSUFFICIENT_SCOPE
                    ? new Result(null, challenge(base, app, mode.requiredScopes(), 403, "insufficient_scope",
                    e.description()))
                    : new Result(null, challenge(base, app, mode.requiredScopes(), 401, "invalid_token",
                    e.description()));
        }
        String clientId = claims.clientId().orElse(claims.issuer());
        return new Result(new McpCaller(app, new Principal.Authenticated(claims.subject(), clientId), clientId,
                claims.scopes(), claims.audiences()), null);
    }

    /**
     * DNS rebinding protection for the unauthenticated public mode (MCP transports, security warning): without a
     * configured public URL the Host must be a loopback name, and an Origin, when sent, must be this server's own.
     */
    private Optional<MutableHttpResponse<byte[]>> refuseRebinding(HttpRequest<?> request) {
        if (settings.publicUrl().isEmpty() && !settings.trustProxy()) {
            String host = hostName(request.getHeaders().get("Host"));
            if (!LOOPBACK_NAMES.contains(host)) {
                return Optional.of(forbidden("Host " + host + " is not served; set mcpauth.server.public-url to "
                        + "serve a public address"));
            }
        }
        String origin = request.getHeaders().get("Origin");
        if (origin != null && !origin.equalsIgnoreCase(baseUrls.baseUrl(request))) {
            return Optional.of(forbidden("Origin " + origin + " is not allowed"));
        }
        return Optional.empty();
    }

    private static String hostName(String hostHeader) {
        if (hostHeader == null) {
            return "";
        }
        String host = hostHeader.trim().toLowerCase(java.util.Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private MutableHttpResponse<byte[]> forbidden(String description) {
        return json.response(403, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, description))
                .header("Cache-Control", "no-store");
    }

    private MutableHttpResponse<byte[]> challenge(String base, McpApp app, Scopes scopes, int status, String error,
                                                  String description) {
        StringBuilder header = new StringBuilder("Bearer resource_metadata=\"")
                .append(base).append("/.well-known/oauth-protected-resource").append(app.path()).append('"');
        if (!scopes.isEmpty()) {
            header.append(", scope=\"").append(OAuthErrors.quoted(scopes.asString())).append('"');
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
