package dev.mcpauth.adapters.http.token;

import dev.mcpauth.adapters.http.support.BaseUrls;
import dev.mcpauth.adapters.http.support.Json;
import dev.mcpauth.application.port.in.AuthenticateBearerUseCase;
import dev.mcpauth.application.port.in.GetUserInfoUseCase;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.Map;
import java.util.Optional;

/** The userinfo endpoint (OpenID Connect Core §5.3), for any valid access token this server issued. */
@Controller("/oauth")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class UserInfoController {
    private final GetUserInfoUseCase userInfo;
    private final BaseUrls baseUrls;
    private final Json json;

    public UserInfoController(GetUserInfoUseCase userInfo, BaseUrls baseUrls, Json json) {
        this.userInfo = userInfo;
        this.baseUrls = baseUrls;
        this.json = json;
    }

    @Get("/userinfo")
    public HttpResponse<byte[]> get(HttpRequest<?> request) {
        return respond(request);
    }

    @Post("/userinfo")
    @Consumes(MediaType.ALL)
    public HttpResponse<byte[]> post(HttpRequest<?> request) {
        return respond(request);
    }

    private HttpResponse<byte[]> respond(HttpRequest<?> request) {
        if (BearerTokens.from(request) == null) {
            // RFC 6750 §3.1: a request without credentials gets the challenge, but no error code.
            return json.response(401, Map.of("error", "invalid_token", "error_description",
                            "an access token is required"))
                    .header("WWW-Authenticate", "Bearer realm=\"mcpauth\"")
                    .header("Cache-Control", "no-store");
        }
        return json.response(200, userInfo.userInfo(new AuthenticateBearerUseCase.BearerToken(
                        baseUrls.baseUrl(request), BearerTokens.from(request), Optional.empty())))
                .header("Cache-Control", "no-store");
    }
}
