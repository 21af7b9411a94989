package dev.mcpauth.adapters.http.discovery;

import dev.mcpauth.adapters.http.support.BaseUrls;
import dev.mcpauth.adapters.http.support.HttpSettings;
import dev.mcpauth.adapters.http.support.Json;
import dev.mcpauth.application.port.in.PublishKeysUseCase;
import dev.mcpauth.domain.app.McpApp;
import dev.mcpauth.domain.mode.AuthMode;
import dev.mcpauth.domain.scope.Scopes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Discovery documents: authorization server metadata (RFC 8414, also at the OpenID Connect location), the JWKS
 * (RFC 7517), and protected resource metadata for each MCP endpoint (RFC 9728), at the root and path-inserted.
 */
@Controller("/.well-known")
public final class DiscoveryController {
    private static final String AS_METADATA = "oauth-authorization-server";
    private static final String PR_METADATA = "oauth-protected-resource";

    private final HttpSettings settings;
    private final BaseUrls baseUrls;
    private final PublishKeysUseCase keys;
    private final Json json;

    public DiscoveryController(HttpSettings settings, BaseUrls baseUrls, PublishKeysUseCase keys, Json json) {
        this.settings = settings;
        this.baseUrls = baseUrls;
        this.keys = keys;
        this.json = json;
    }

    @Get("/" + AS_METADATA)
    public HttpResponse<byte[]> authorizationServer(HttpRequest<?> request) {
        return asMetadata(request, "");
    }

    /** RFC 8414 §3.1: for an issuer with a path, the path follows the well-known segment. */
    @Get("/" + AS_METADATA + "/{+path}")
    public HttpResponse<byte[]> authorizationServerWithPath(HttpRequest<?> request, @PathVariable String path) {
        return asMetadata(request, "/" + path);
    }

    @Get("/openid-configuration")
    public HttpResponse<byte[]> openIdConfiguration(HttpRequest<?> request) {
        return asMetadata(request, "");
    }

    @Get("/jwks.json")
    public HttpResponse<byte[]> jwks() {
        return json.response(200, Map.of("keys", keys.publicKeys()))
                .header("Cache-Control", "public, max-age=60");
    }

    @Get("/" + PR_METADATA)
    public HttpResponse<byte[]> protectedResource(HttpRequest<?> request) {
        String base = baseUrls.baseUrl(request);
        if (settings.apps().size() == 1) {
            return prMetadata(base, settings.apps().get(0));
        }
        // Several apps: the server as a whole; each app also has its own document below.
        Scopes scopes = Scopes.empty();
        for (McpApp app : settings.apps()) {
            scopes = scopes.union(app.scopes());
        }
        return cacheable(json.response(200, prDocument(base, base, settings.serverName(), scopes)));
    }

    @Get("/" + PR_METADATA + "/{+path}")
    public HttpResponse<byte[]> protectedResourceWithPath(HttpRequest<?> request, @PathVariable String path) {
        Optional<McpApp> app = settings.appAt("/" + path);
        if (app.isEmpty()) {
            return json.response(404, Map.of("error", "not_found",
                    "error_description", "no protected resource at /" + path));
        }
        return prMetadata(baseUrls.baseUrl(request), app.get());
    }

    private HttpResponse<byte[]> asMetadata(HttpRequest<?> request, String issuerPath) {
        String issuer = baseUrls.baseUrl(request);
        if (!settings.mode().issuesTokens() || !pathOf(issuer).equals(issuerPath)) {
            return json.response(HttpStatus.NOT_FOUND.getCode(), Map.of("error", "not_found",
                    "error_description", "this server is not an authorization server for that issuer"));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", issuer);
        metadata.put("authorization_endpoint", issuer + "/oauth/authorize");
        metadata.put("token_endpoint", issuer + "/oauth/token");
        if (settings.registrationEnabled()) {
            metadata.put("registration_endpoint", issuer + "/oauth/register");
        }
        metadata.put("revocation_endpoint", issuer + "/oauth/revoke");
        metadata.put("introspection_endpoint", issuer + "/oauth/introspect");
        metadata.put("userinfo_endpoint", issuer + "/oauth/userinfo");
        metadata.put("jwks_uri", issuer + "/.well-known/jwks.json");
        metadata.put("scopes_supported", List.copyOf(settings.scopesSupported().values()));
        metadata.put("response_types_supported", List.of("code"));
        metadata.put("response_modes_supported", List.of("query"));
        // A stateless server never issues a refresh token, so it does not claim the grant.
        metadata.put("grant_types_supported", settings.grantTypes());
        List<String> authMethods = List.of("none", "client_secret_basic", "client_secret_post");
        metadata.put("token_endpoint_auth_methods_supported", authMethods);
        metadata.put("revocation_endpoint_auth_methods_supported", authMethods);
        metadata.put("introspection_endpoint_auth_methods_supported", authMethods);
        metadata.put("code_challenge_methods_supported", List.of("S256"));
        metadata.put("authorization_response_iss_parameter_supported", true);
        return cacheable(json.response(200, metadata));
    }

    private HttpResponse<byte[]> prMetadata(String base, McpApp app) {
        return cacheable(json.response(200, prDocument(base, app.resource(base).value(), app.name(), app.scopes())));
    }

    private Map<String, Object> prDocument(String base, String resource, String name, Scopes scopes) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resource", resource);
        metadata.put("authorization_servers", authorizationServers(base));
        metadata.put("scopes_supported", List.copyOf(scopes.values()));
        metadata.put("bearer_methods_supported", List.of("header"));
        metadata.put("resource_name", name);
        return metadata;
    }

    private List<String> authorizationServers(String base) {
        if (settings.mode() instanceof AuthMode.Transparent transparent) {
            return List.of(transparent.issuer());
        }
        return settings.mode().issuesTokens() ? List.of(base) : List.of();
    }

    private static String pathOf(String url) {
        int schemeEnd = url.indexOf("://");
        int slash = url.indexOf('/', schemeEnd + 3);
        return slash < 0 ? "" : url.substring(slash);
    }

    private static HttpResponse<byte[]> cacheable(io.micronaut.http.MutableHttpResponse<byte[]> response) {
        return response.header("Cache-Control", "public, max-age=300");
    }
}
