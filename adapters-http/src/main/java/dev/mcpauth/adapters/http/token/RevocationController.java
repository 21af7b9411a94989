package dev.mcpauth.adapters.http.token;

import dev.mcpauth.adapters.http.support.BaseUrls;
import dev.mcpauth.adapters.http.support.RequestParameters;
import dev.mcpauth.application.port.in.RevokeTokenUseCase;
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

/** The revocation endpoint (RFC 7009 §2): 200 whether or not the token was valid. */
@Controller("/oauth")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class RevocationController {
    private final RevokeTokenUseCase revokeToken;
    private final TokenRequests requests;
    private final BaseUrls baseUrls;

    public RevocationController(RevokeTokenUseCase revokeToken, TokenRequests requests, BaseUrls baseUrls) {
        this.revokeToken = revokeToken;
        this.requests = requests;
        this.baseUrls = baseUrls;
    }

    @Post("/revoke")
    @Consumes(MediaType.ALL)
    public HttpResponse<?> revoke(HttpRequest<?> request, @Nullable @Body byte[] body) {
        RequestParameters parameters = requests.parameters(request, body);
        revokeToken.revoke(new RevokeTokenUseCase.Revocation(baseUrls.baseUrl(request),
                requests.credentials(request, parameters), parameters.get("token"),
                parameters.get("token_type_hint")));
        return HttpResponse.ok().header("Cache-Control", "no-store");
    }
}
