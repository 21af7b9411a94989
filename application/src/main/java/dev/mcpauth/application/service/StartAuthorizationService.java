package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.AuthorizationRedirectException;
import dev.mcpauth.application.port.in.AuthorizationRequest;
import dev.mcpauth.application.port.in.StartAuthorizationUseCase;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.application.port.out.PendingAuthorizationStore;
import dev.mcpauth.application.port.out.TokenGenerator;
import dev.mcpauth.application.settings.AuthorizationServerSettings;
import dev.mcpauth.domain.authorization.PendingAuthorization;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.pkce.CodeChallenge;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The authorization endpoint's checks, one step each (OAuth 2.1 §4.1.1): first the client and its redirect URI,
 * whose failures must never redirect; then everything else, whose failures go back to the verified redirect URI.
 */
public final class StartAuthorizationService implements StartAuthorizationUseCase {
    private final ClientRegistry clients;
    private final PendingAuthorizationStore pendings;
    private final TokenGenerator generator;
    private final Clock clock;
    private final AuthorizationServerSettings settings;

    public StartAuthorizationService(ClientRegistry clients, PendingAuthorizationStore pendings,
                                     TokenGenerator generator, Clock clock, AuthorizationServerSettings settings) {
        this.clients = clients;
        this.pendings = pendings;
        this.generator = generator;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public PendingAuthorization start(AuthorizationRequest request) {
        checkNotRepeated(request, "client_id", "redirect_uri");
        Client client = checkClient(request.clientId());
        String redirectUri = checkRedirectUri(client, request.redirectUri());
        try {
            return accept(request, client, redirectUri);
        } catch (OAuthException e) {
            // RFC 6749 §4.1.2.1: with the client and redirect URI verified, errors go back to the client.
            throw new AuthorizationRedirectException(e.error(), e.description(), redirectUri, request.state(),
                    request.issuer());
        }
    }

    private PendingAuthorization accept(AuthorizationRequest request, Client client, String redirectUri) {
        checkNotRepeated(request, null, null);
        checkResponseType(request.responseType());
        CodeChallenge challenge = CodeChallenge.of(request.codeChallenge(), request.codeChallengeMethod());
        List<Audience> audiences = RequestedResources.select(request.resources(),
                settings.resources(request.issuer()));
        Scopes scopes = checkScope(client, request.scope());
        PendingAuthorization pending = new PendingAuthorization(generator.newId(), client.id(), redirectUri,
                request.redirectUri() != null && !request.redirectUri().isEmpty(), request.state(), challenge,
                scopes, audiences, generator.newSecret(),
                clock.instant().plus(settings.lifetimes().pendingAuthorization()), Optional.empty());
        pendings.save(pending);
        return pending;
    }

    private Client checkClient(String clientId) {
        if (clientId == null || clientId.isEmpty()) {
            throw OAuthException.invalidRequest("client_id is required");
        }
        Optional<Client> client = clients.find(new ClientId(clientId));
        if (client.isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_CLIENT, "unknown client_id", "unknown client " + clientId);
        }
        return client.get();
    }

    private static String checkRedirectUri(Client client, String presented) {
        return client.resolveRedirectUri(presented).orElseThrow(() -> OAuthException.invalidRequest(
                presented == null || presented.isEmpty()
                        ? "redirect_uri is required: the client registered more than one"
                        : "redirect_uri is not registered for this client"));
    }

    private static void checkResponseType(String responseType) {
        if (responseType == null || responseType.isEmpty()) {
            throw OAuthException.invalidRequest("response_type is required");
        }
        if (!"code".equals(responseType)) {
            // OAuth 2.1 §4.1.1: only the code flow; the implicit grant (response_type=token) is gone.
            throw new OAuthException(OAuthError.UNSUPPORTED_RESPONSE_TYPE, "only response_type=code is supported");
        }
    }

    private Scopes checkScope(Client client, String scopeParameter) {
        Scopes requested = Scopes.parse(scopeParameter);
        if (requested.isEmpty()) {
            requested = client.scope().isEmpty() ? settings.appScopes() : client.scope();
        }
        Scopes unknown = settings.supportedScopes().missingFrom(requested);
        if (!unknown.isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_SCOPE, "unknown scope: " + unknown);
        }
        if (!client.scope().isEmpty() && !client.scope().containsAll(requested)) {
            throw new OAuthException(OAuthError.INVALID_SCOPE,
                    "scope not registered for this client: " + client.scope().missingFrom(requested));
        }
        return requested;
    }

    /** RFC 6749 §3.1: request parameters must not be included more than once. */
    private static void checkNotRepeated(AuthorizationRequest request, String first, String second) {
        for (String name : request.repeated()) {
            if (first == null || name.equals(first) || name.equals(second)) {
                throw OAuthException.invalidRequest(name + " is repeated");
            }
        }
    }
}
