package dev.mcpauth.adapters.http.token;

import dev.mcpauth.adapters.http.operations.Metrics;
import dev.mcpauth.adapters.http.support.BaseUrls;
import dev.mcpauth.adapters.http.support.Json;
import dev.mcpauth.adapters.http.support.RequestParameters;
import dev.mcpauth.application.port.in.ClientCredentials;
import dev.mcpauth.application.port.in.ExchangeAuthorizationCodeUseCase;
import dev.mcpauth.application.port.in.RefreshAccessTokenUseCase;
import dev.mcpauth.application.port.in.TokenResponse;
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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The token endpoint (OAuth 2.1 §3.2): the {@code authorization_code} and {@code refresh_token} grants. Parameters
 * that belong to the other grant are refused before dispatch; responses are never cached.
 */
@Controller("/oauth")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class TokenController {
    private static final List<String> CODE_ONLY = List.of("code", "code_verifier", "redirect_uri");
    private static final List<String> REFRESH_ONLY = List.of("refresh_token");

    private final ExchangeAuthorizationCodeUseCase exchangeCode;
    private final RefreshAccessTokenUseCase refresh;
    private final TokenRequests requests;
    private final BaseUrls baseUrls;
    private final Json json;
    private final Metrics metrics;

    public TokenController(ExchangeAuthorizationCodeUseCase exchangeCode, RefreshAccessTokenUseCase refresh,
                           TokenRequests requests, BaseUrls baseUrls, Json json, Metrics metrics) {
        this.metrics = metrics;
        this.exchangeCode = exchangeCode;
        this.refresh = refresh;
        this.requests = requests;
        this.baseUrls = baseUrls;
        this.json = json;
    }

    @Post("/token")
    @Consumes(MediaType.ALL)
    public HttpResponse<byte[]> token(HttpRequest<?> request, @Nullable @Body byte[] body) {
        RequestParameters parameters = requests.parameters(request, body);
        String grantType = parameters.get("grant_type");
        if (grantType == null) {
            throw OAuthException.invalidRequest("grant_type is required");
        }
        String issuer = baseUrls.baseUrl(request);
        TokenResponse response = switch (grantType) {
            case "authorization_code" -> {
                refuse(parameters, REFRESH_ONLY, grantType);
                ClientCredentials client = requests.credentials(request, parameters);
                yield exchangeCode.exchange(new ExchangeAuthorizationCodeUseCase.CodeExchange(issuer, client,
                        parameters.get("code"), parameters.get("redirect_uri"), parameters.get("code_verifier"),
                        parameters.all("resource")));
            }
            case "refresh_token" -> {
                refuse(parameters, CODE_ONLY, grantType);
                ClientCredentials client = requests.credentials(request, parameters);
                yield refresh.refresh(new RefreshAccessTokenUseCase.RefreshRequest(issuer, client,
                        parameters.get("refresh_token"), parameters.get("scope"), parameters.all("resource")));
            }
            default -> throw new OAuthException(OAuthError.UNSUPPORTED_GRANT_TYPE,
                    "grant_type must be authorization_code or refresh_token");
        };
        metrics.tokenIssued(grantType);
        return json.response(200, body(response))
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache");
    }

    private static void refuse(RequestParameters parameters, List<String> names, String grantType) {
        for (String name : names) {
            if (parameters.has(name)) {
                throw OAuthException.invalidRequest(name + " is not a parameter of the " + grantType + " grant");
            }
        }
    }

    private static Map<String, Object> body(TokenResponse response) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", response.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", response.expiresInSeconds());
        response.refreshToken().ifPresent(token -> body.put("refresh_token", token));
        if (!response.scope().isEmpty()) {
            body.put("scope", response.scope().asString());
        }
        return body;
    }
}
