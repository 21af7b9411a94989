package dev.mcpauth.adapters.http.authorize;

import dev.mcpauth.adapters.http.error.OAuthErrors;
import dev.mcpauth.adapters.http.support.BaseUrls;
import dev.mcpauth.adapters.http.support.RequestParameters;
import dev.mcpauth.application.port.in.AuthorizationRedirectException;
import dev.mcpauth.application.port.in.AuthorizationRequest;
import dev.mcpauth.application.port.in.DecideConsentUseCase;
import dev.mcpauth.application.port.in.LogInUseCase;
import dev.mcpauth.application.port.in.LoginOutcome;
import dev.mcpauth.application.port.in.StartAuthorizationUseCase;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.domain.authorization.PendingAuthorization;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.application.port.out.StorageUnavailableException;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;

/**
 * The authorization endpoint (OAuth 2.1 §4.1.1) and its pages. Errors before the client and redirect URI are
 * verified are shown as an error page, never redirected; later errors go back to the client with {@code state} and
 * {@code iss}. Login and consent forms travel by POST only.
 */
@Controller("/oauth")
@ExecuteOn(TaskExecutors.BLOCKING)
// The pages are HTML: a browser asking for text/html only must not get 406.
@io.micronaut.http.annotation.Produces(io.micronaut.http.MediaType.TEXT_HTML)
public final class AuthorizationController {
    private static final List<String> MAY_REPEAT = List.of("resource");

    private final StartAuthorizationUseCase startAuthorization;
    private final LogInUseCase logIn;
    private final DecideConsentUseCase decideConsent;
    private final ClientRegistry clients;
    private final Pages pages;
    private final BaseUrls baseUrls;
    private final OAuthErrors errors;

    public AuthorizationController(StartAuthorizationUseCase startAuthorization, LogInUseCase logIn,
                                   DecideConsentUseCase decideConsent, ClientRegistry clients, Pages pages,
                                   BaseUrls baseUrls, OAuthErrors errors) {
        this.errors = errors;
        this.startAuthorization = startAuthorization;
        this.logIn = logIn;
        this.decideConsent = decideConsent;
        this.clients = clients;
        this.pages = pages;
        this.baseUrls = baseUrls;
    }

    @Get("/authorize")
    public HttpResponse<String> authorize(HttpRequest<?> request) {
        return start(request, RequestParameters.parseUrlEncoded(request.getUri().getRawQuery()));
    }

    @Post("/authorize")
    @Consumes(io.micronaut.http.MediaType.ALL)
    public HttpResponse<String> authorizeByPost(HttpRequest<?> request, @Nullable @Body byte[] body) {
        try {
            return start(request, FormBodies.read(request, body));
        } catch (OAuthException e) {
            return errorPage(e);
        } catch (StorageUnavailableException e) {
            return unavailablePage(e);
        }
    }

    @Post("/login")
    @Consumes(io.micronaut.http.MediaType.ALL)
    public HttpResponse<String> login(HttpRequest<?> request, @Nullable @Body byte[] body) {
        try {
            RequestParameters form = FormBodies.read(request, body);
            String requestId = form.get("request_id");
            String password = form.get("password");
            LoginOutcome outcome = logIn.logIn(new LogInUseCase.LogIn(baseUrls.baseUrl(request), requestId,
                    form.get("csrf_token"), csrfCookie(request, requestId), form.get("username"),
                    password == null ? new char[0] : password.toCharArray(),
                    request.getRemoteAddress().getAddress().getHostAddress()));
            boolean secure = baseUrls.isSecure(request);
            if (outcome instanceof LoginOutcome.Completed completed) {
                return expireCsrfCookie(Redirects.to(completed.response(), true), requestId);
            }
            if (outcome instanceof LoginOutcome.ConsentRequired consent) {
                return pages.consent(consent.pending(), consent.clientName());
            }
            if (outcome instanceof LoginOutcome.Throttled throttled) {
                long seconds = Math.max(1, throttled.retryAfter().toSeconds());
                return pages.login(throttled.pending(), clientName(throttled.pending()),
                                "Too many failed sign-in attempts. Try again in " + seconds + " seconds.",
                                HttpStatus.TOO_MANY_REQUESTS, secure)
                        .header("Retry-After", Long.toString(seconds));
            }
            LoginOutcome.Rejected rejected = (LoginOutcome.Rejected) outcome;
            return pages.login(rejected.pending(), clientName(rejected.pending()),
                    "Wrong username or password.", HttpStatus.OK, secure);
        } catch (OAuthException e) {
            return errorPage(e);
        } catch (StorageUnavailableException e) {
            return unavailablePage(e);
        }
    }

    @Post("/consent")
    @Consumes(io.micronaut.http.MediaType.ALL)
    public HttpResponse<String> consent(HttpRequest<?> request, @Nullable @Body byte[] body) {
        try {
            RequestParameters form = FormBodies.read(request, body);
            String requestId = form.get("request_id");
            String decision = form.get("decision");
            if (!"approve".equals(decision) && !"deny".equals(decision)) {
                throw OAuthException.invalidRequest("decision must be approve or deny");
            }
            return expireCsrfCookie(Redirects.to(decideConsent.decide(new DecideConsentUseCase.ConsentDecision(
                    baseUrls.baseUrl(request), requestId, form.get("csrf_token"), csrfCookie(request, requestId),
                    "approve".equals(decision))), true), requestId);
        } catch (OAuthException e) {
            return errorPage(e);
        } catch (StorageUnavailableException e) {
            return unavailablePage(e);
        }
    }

    private HttpResponse<String> start(HttpRequest<?> request, RequestParameters parameters) {
        try {
            PendingAuthorization pending = startAuthorization.start(new AuthorizationRequest(
                    baseUrls.baseUrl(request), parameters.get("response_type"), parameters.get("client_id"),
                    parameters.get("redirect_uri"), parameters.get("scope"), parameters.get("state"),
                    parameters.get("code_challenge"), parameters.get("code_challenge_method"),
                    parameters.all("resource"), parameters.repeated(MAY_REPEAT)));
            return pages.login(pending, clientName(pending), null, HttpStatus.OK, baseUrls.isSecure(request));
        } catch (AuthorizationRedirectException e) {
            errors.record(e);
            return Redirects.to(e.response(), false);
        } catch (OAuthException e) {
            return errorPage(e);
        } catch (StorageUnavailableException e) {
            return unavailablePage(e);
        }
    }

    private MutableHttpResponse<String> unavailablePage(StorageUnavailableException e) {
        errors.record(new OAuthException(OAuthError.TEMPORARILY_UNAVAILABLE, "storage unavailable", e.getMessage()));
        return pages.error(HttpStatus.SERVICE_UNAVAILABLE, OAuthError.TEMPORARILY_UNAVAILABLE.code(),
                        "The service is temporarily unavailable. Try again in a moment.")
                .header("Retry-After", "5");
    }

    private MutableHttpResponse<String> errorPage(OAuthException e) {
        errors.record(e);
        HttpStatus status = HttpStatus.valueOf(e.error().httpStatus() == 401 ? 400 : e.error().httpStatus());
        return pages.error(status, e.error().code(), e.description());
    }

    private String clientName(PendingAuthorization pending) {
        return clients.find(pending.clientId()).map(Client::name).orElse(pending.clientId().value());
    }

    private static String csrfCookie(HttpRequest<?> request, String requestId) {
        if (requestId == null) {
            return null;
        }
        return request.getCookies().findCookie(Pages.csrfCookieName(requestId)).map(Cookie::getValue).orElse(null);
    }

    private static MutableHttpResponse<String> expireCsrfCookie(MutableHttpResponse<String> response,
                                                                String requestId) {
        return response.cookie(Cookie.of(Pages.csrfCookieName(requestId), "").path("/oauth").maxAge(0));
    }
}
