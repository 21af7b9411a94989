package dev.mcpauth.adapters.http.token;

import dev.mcpauth.adapters.http.support.BaseUrls;
import dev.mcpauth.adapters.http.support.Json;
import dev.mcpauth.adapters.http.support.RequestParameters;
import dev.mcpauth.application.port.in.IntrospectTokenUseCase;
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

/** The introspection endpoint (RFC 7662 §2). */
@Controller("/oauth")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class IntrospectionController {
    private final IntrospectTokenUseCase introspectToken;
    private final TokenRequests requests;
    private final BaseUrls baseUrls;
    private final Json json;

    public IntrospectionController(IntrospectTokenUseCase introspectToken, TokenRequests requests, BaseUrls baseUrls,
                                   Json json) {
        this.introspectToken = introspectToken;
        this.requests = requests;
        this.baseUrls = baseUrls;
        this.json = json;
    }

    @Post("/introspect")
    @Consumes(MediaType.ALL)
    public HttpResponse<byte[]> introspect(HttpRequest<?> request, @Nullable @Body byte[] body) {
        RequestParameters parameters = requests.parameters(request, body);
        return json.response(200, introspectToken.introspect(new IntrospectTokenUseCase.Introspection(
                        baseUrls.baseUrl(request), requests.credentials(request, parameters), parameters.get("token"),
                        parameters.get("token_type_hint"))))
                .header("Cache-Control", "no-store");
    }
}
