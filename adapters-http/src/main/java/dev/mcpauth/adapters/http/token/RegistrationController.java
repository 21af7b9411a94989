package dev.mcpauth.adapters.http.token;

import dev.mcpauth.adapters.http.support.HttpSettings;
import dev.mcpauth.adapters.http.support.Json;
import dev.mcpauth.application.port.in.RegisterClientUseCase;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.client.RedirectUri;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The dynamic client registration endpoint (RFC 7591 §3): JSON metadata in, the registered client out. */
@Controller("/oauth")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class RegistrationController {
    private final RegisterClientUseCase registerClient;
    private final HttpSettings settings;
    private final Json json;

    public RegistrationController(RegisterClientUseCase registerClient, HttpSettings settings, Json json) {
        this.registerClient = registerClient;
        this.settings = settings;
        this.json = json;
    }

    @Post("/register")
    @Consumes(MediaType.ALL)
    public HttpResponse<byte[]> register(HttpRequest<?> request, @Nullable @Body byte[] body) {
        boolean isJson = request.getContentType()
                .map(type -> MediaType.APPLICATION_JSON_TYPE.getName().equals(type.getName()))
                .orElse(false);
        if (!isJson) {
            throw new OAuthException(OAuthError.INVALID_CLIENT_METADATA, "the request body must be application/json");
        }
        Map<String, Object> metadata;
        try {
            metadata = json.readObject(body);
        } catch (OAuthException e) {
            throw new OAuthException(OAuthError.INVALID_CLIENT_METADATA, e.description());
        }
        RegisterClientUseCase.RegisteredClient registered = registerClient.register(
                new RegisterClientUseCase.ClientRegistration(
                        strings(metadata, "redirect_uris"), string(metadata, "token_endpoint_auth_method"),
                        strings(metadata, "grant_types"), strings(metadata, "response_types"),
                        string(metadata, "client_name"), string(metadata, "scope"),
                        Optional.ofNullable(dev.mcpauth.adapters.http.token.BearerTokens.from(request))));
        return json.response(201, describe(registered, settings.grantTypes()))
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache");
    }

    /**
     * The client as registered. {@code grant_types} are the ones the server will honour for it, which may replace
     * what the client asked for (RFC 7591 §3.2.1): without refresh tokens (stateless sessions), only the code grant.
     */
    private static Map<String, Object> describe(RegisterClientUseCase.RegisteredClient registered,
                                                List<String> grantTypes) {
        Client client = registered.client();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("client_id", client.id().value());
        out.put("client_id_issued_at", client.issuedAt().getEpochSecond());
        registered.clientSecret().ifPresent(secret -> {
            out.put("client_secret", secret);
            out.put("client_secret_expires_at", 0);
        });
        out.put("redirect_uris", client.redirectUris().stream().map(RedirectUri::value).toList());
        out.put("token_endpoint_auth_method", client.authMethod().value());
        out.put("grant_types", grantTypes);
        out.put("response_types", List.of("code"));
        out.put("client_name", client.name());
        if (!client.scope().isEmpty()) {
            out.put("scope", client.scope().asString());
        }
        return out;
    }

    private static String string(Map<String, Object> metadata, String name) {
        Object value = metadata.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new OAuthException(OAuthError.INVALID_CLIENT_METADATA, name + " must be a string");
        }
        return text;
    }

    private static List<String> strings(Map<String, Object> metadata, String name) {
        Object value = metadata.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw new OAuthException(OAuthError.INVALID_CLIENT_METADATA, name + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String text)) {
                throw new OAuthException(OAuthError.INVALID_CLIENT_METADATA, name + " must be an array of strings");
            }
            out.add(text);
        }
        return out;
    }
}
