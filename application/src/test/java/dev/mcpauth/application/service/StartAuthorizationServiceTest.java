package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.AuthorizationRedirectException;
import dev.mcpauth.application.port.in.AuthorizationRequest;
import dev.mcpauth.domain.authorization.PendingAuthorization;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.fixtures.TestClients;
import dev.mcpauth.domain.fixtures.TestCodes;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.mcpauth.application.service.ServiceFixture.ISSUER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartAuthorizationServiceTest {
    private static final String STATE = "state-123";

    private final ServiceFixture fixture = new ServiceFixture();
    private final StartAuthorizationService service = fixture.startAuthorization();

    @Test
    void startWhenValidThenStoresPendingAuthorizationWithCsrfTokenAndDefaults() {
        PendingAuthorization pending = service.start(request().build());

        assertEquals(pending, fixture.pendings.find(pending.id()).orElseThrow());
        assertFalse(pending.csrfToken().isEmpty());
        assertNotEquals(pending.id(), pending.csrfToken());
        assertEquals(TestClients.PUBLIC_CLIENT_ID, pending.clientId().value());
        assertEquals(TestClients.REDIRECT_URI, pending.redirectUri());
        assertTrue(pending.redirectUriInRequest());
        assertEquals(STATE, pending.state());
        assertEquals(TestCodes.CHALLENGE, pending.challenge().value());
        // no scope asked: the apps' scopes; no resource asked: every app
        assertEquals(Scopes.parse("files:read files:write docs:read"), pending.scopes());
        assertEquals(List.of(new Audience(TestSettings.FILES_RESOURCE), new Audience(TestSettings.DOCS_RESOURCE)),
                pending.audiences());
        assertEquals(fixture.clock.instant().plus(TestSettings.PENDING_LIFETIME), pending.expiresAt());
        assertFalse(pending.isAuthenticated());
    }

    @Test
    void startWhenScopeAndResourceGivenThenThoseAreKept() {
        PendingAuthorization pending = service.start(request().scope("files:read openid")
                .resources(TestSettings.DOCS_RESOURCE).build());

        assertEquals(Scopes.parse("files:read openid"), pending.scopes());
        assertEquals(List.of(new Audience(TestSettings.DOCS_RESOURCE)), pending.audiences());
    }

    @Test
    void startWhenClientRegisteredScopesAndNoneAskedThenClientScopes() {
        fixture.clients.add(TestClients.publicClient().id("narrow").scope("files:read").build());

        PendingAuthorization pending = service.start(request().clientId("narrow").build());

        assertEquals(Scopes.parse("files:read"), pending.scopes());
    }

    @Test
    void startWhenRedirectUriOmittedAndOneRegisteredThenItIsUsedAndMarkedImplied() {
        PendingAuthorization pending = service.start(request().redirectUri(null).build());

        assertEquals(TestClients.REDIRECT_URI, pending.redirectUri());
        assertFalse(pending.redirectUriInRequest());
    }

    @Test
    void startWhenLoopbackRedirectUriWithPortThenThePresentedOneIsKept() {
        fixture.clients.add(TestClients.publicClient().id("native").redirectUri("http://127.0.0.1/callback").build());

        PendingAuthorization pending = service.start(request().clientId("native")
                .redirectUri("http://127.0.0.1:53682/callback").build());

        assertEquals("http://127.0.0.1:53682/callback", pending.redirectUri());
    }

    @Test
    void startWhenUnknownClientThenPlainInvalidClientNotARedirect() {
        OAuthException e = assertPlainError(OAuthError.INVALID_CLIENT,
                () -> service.start(request().clientId("nobody").build()));

        assertEquals("unknown client_id", e.description());
        assertTrue(fixture.pendings.all().isEmpty());
    }

    @Test
    void startWhenClientIdMissingThenPlainInvalidRequest() {
        assertPlainError(OAuthError.INVALID_REQUEST, () -> service.start(request().clientId(null).build()));
        assertPlainError(OAuthError.INVALID_REQUEST, () -> service.start(request().clientId("").build()));
    }

    @Test
    void startWhenClientIdMalformedThenPlainInvalidRequest() {
        assertPlainError(OAuthError.INVALID_REQUEST, () -> service.start(request().clientId("bad\nid").build()));
    }

    @Test
    void startWhenRedirectUriNotRegisteredThenPlainInvalidRequestNotARedirect() {
        OAuthException e = assertPlainError(OAuthError.INVALID_REQUEST,
                () -> service.start(request().redirectUri("https://evil.example/callback").build()));

        assertEquals("redirect_uri is not registered for this client", e.description());
    }

    @Test
    void startWhenRedirectUriDiffersOnlyByTrailingSlashOrPortThenPlainInvalidRequest() {
        assertPlainError(OAuthError.INVALID_REQUEST,
                () -> service.start(request().redirectUri(TestClients.REDIRECT_URI + "/").build()));
        assertPlainError(OAuthError.INVALID_REQUEST,
                () -> service.start(request().redirectUri("https://client.example:8443/callback").build()));
    }

    @Test
    void startWhenRedirectUriOmittedAndSeveralRegisteredThenPlainInvalidRequest() {
        fixture.clients.add(TestClients.publicClient().id("two")
                .redirectUris("https://client.example/a", "https://client.example/b").build());

        OAuthException e = assertPlainError(OAuthError.INVALID_REQUEST,
                () -> service.start(request().clientId("two").redirectUri(null).build()));

        assertEquals("redirect_uri is required: the client registered more than one", e.description());
    }

    @Test
    void startWhenClientIdRepeatedThenPlainInvalidRequest() {
        OAuthException e = assertPlainError(OAuthError.INVALID_REQUEST,
                () -> service.start(request().repeated("client_id").build()));

        assertEquals("client_id is repeated", e.description());
    }

    @Test
    void startWhenRedirectUriRepeatedThenPlainInvalidRequest() {
        assertPlainError(OAuthError.INVALID_REQUEST, () -> service.start(request().repeated("redirect_uri").build()));
    }

    @Test
    void startWhenUnknownClientAndBadPkceThenClientErrorWins() {
        assertPlainError(OAuthError.INVALID_CLIENT,
                () -> service.start(request().clientId("nobody").codeChallenge(null).build()));
    }

    @Test
    void startWhenOtherParameterRepeatedThenRedirectedInvalidRequest() {
        AuthorizationRedirectException e = assertRedirected(OAuthError.INVALID_REQUEST,
                () -> service.start(request().repeated("scope").build()));

        assertEquals("scope is repeated", e.description());
    }

    @Test
    void startWhenCodeChallengeMissingThenRedirectedInvalidRequestWithStateAndIss() {
        AuthorizationRedirectException e = assertRedirected(OAuthError.INVALID_REQUEST,
                () -> service.start(request().codeChallenge(null).codeChallengeMethod(null).build()));

        assertEquals(TestClients.REDIRECT_URI, e.response().redirectUri());
        assertEquals(Map.of("error", "invalid_request",
                        "error_description", "code_challenge is required (PKCE with S256)",
                        "state", STATE,
                        "iss", ISSUER),
                e.response().parameters());
        assertTrue(fixture.pendings.all().isEmpty());
    }

    @Test
    void startWhenCodeChallengeMethodMissingThenRedirectedInvalidRequest() {
        assertRedirected(OAuthError.INVALID_REQUEST, () -> service.start(request().codeChallengeMethod(null).build()));
    }

    @Test
    void startWhenCodeChallengeMethodPlainThenRedirectedInvalidRequest() {
        AuthorizationRedirectException e = assertRedirected(OAuthError.INVALID_REQUEST,
                () -> service.start(request().codeChallengeMethod("plain").codeChallenge("x".repeat(43)).build()));

        assertEquals("code_challenge_method must be S256; plain is not supported", e.description());
    }

    @Test
    void startWhenResponseTypeTokenThenRedirectedUnsupportedResponseType() {
        AuthorizationRedirectException e = assertRedirected(OAuthError.UNSUPPORTED_RESPONSE_TYPE,
                () -> service.start(request().responseType("token").build()));

        assertEquals("unsupported_response_type", e.response().parameters().get("error"));
        assertEquals(STATE, e.response().parameters().get("state"));
        assertEquals(ISSUER, e.response().parameters().get("iss"));
    }

    @Test
    void startWhenResponseTypeMissingThenRedirectedInvalidRequest() {
        assertRedirected(OAuthError.INVALID_REQUEST, () -> service.start(request().responseType(null).build()));
    }

    @Test
    void startWhenUnknownScopeThenRedirectedInvalidScope() {
        AuthorizationRedirectException e = assertRedirected(OAuthError.INVALID_SCOPE,
                () -> service.start(request().scope("files:read admin").build()));

        assertEquals("unknown scope: admin", e.description());
    }

    @Test
    void startWhenScopeNotRegisteredForClientThenRedirectedInvalidScope() {
        fixture.clients.add(TestClients.publicClient().id("narrow").scope("files:read").build());

        assertRedirected(OAuthError.INVALID_SCOPE,
                () -> service.start(request().clientId("narrow").scope("files:write").build()));
    }

    @Test
    void startWhenScopeHasForbiddenCharacterThenRedirectedInvalidScope() {
        assertRedirected(OAuthError.INVALID_SCOPE, () -> service.start(request().scope("files\\read").build()));
    }

    @Test
    void startWhenUnknownResourceThenRedirectedInvalidTarget() {
        AuthorizationRedirectException e = assertRedirected(OAuthError.INVALID_TARGET,
                () -> service.start(request().resources("https://other.example/mcp").build()));

        assertEquals("invalid_target", e.response().parameters().get("error"));
    }

    @Test
    void startWhenMalformedResourceThenRedirectedInvalidTarget() {
        assertRedirected(OAuthError.INVALID_TARGET, () -> service.start(request().resources("/mcp").build()));
    }

    @Test
    void startWhenNoStateThenRedirectCarriesNoState() {
        AuthorizationRedirectException e = assertRedirected(OAuthError.UNSUPPORTED_RESPONSE_TYPE,
                () -> service.start(request().state(null).responseType("token").build()));

        assertFalse(e.response().parameters().containsKey("state"));
        assertEquals(ISSUER, e.response().parameters().get("iss"));
    }

    @Test
    void startWhenRedirectedErrorForLoopbackThenSentToThePresentedPort() {
        fixture.clients.add(TestClients.publicClient().id("native").redirectUri("http://127.0.0.1/callback").build());

        AuthorizationRedirectException e = assertRedirected(OAuthError.INVALID_REQUEST,
                () -> service.start(request().clientId("native").redirectUri("http://127.0.0.1:53682/callback")
                        .codeChallenge(null).build()));

        assertEquals("http://127.0.0.1:53682/callback", e.response().redirectUri());
    }

    private static OAuthException assertPlainError(OAuthError error, Executable call) {
        OAuthException e = assertThrows(OAuthException.class, call);
        assertFalse(e instanceof AuthorizationRedirectException,
                "must not redirect to an unverified client: " + e.getMessage());
        assertEquals(error, e.error());
        return e;
    }

    private static AuthorizationRedirectException assertRedirected(OAuthError error, Executable call) {
        AuthorizationRedirectException e = assertThrows(AuthorizationRedirectException.class, call);
        assertEquals(error, e.error());
        assertEquals(error.code(), e.response().parameters().get("error"));
        assertEquals(e.description(), e.response().parameters().get("error_description"));
        return e;
    }

    private static RequestBuilder request() {
        return new RequestBuilder();
    }

    private static final class RequestBuilder {
        private String responseType = "code";
        private String clientId = TestClients.PUBLIC_CLIENT_ID;
        private String redirectUri = TestClients.REDIRECT_URI;
        private String scope;
        private String state = STATE;
        private String codeChallenge = TestCodes.CHALLENGE;
        private String codeChallengeMethod = "S256";
        private List<String> resources = List.of();
        private final List<String> repeated = new ArrayList<>();

        RequestBuilder responseType(String value) {
            responseType = value;
            return this;
        }

        RequestBuilder clientId(String value) {
            clientId = value;
            return this;
        }

        RequestBuilder redirectUri(String value) {
            redirectUri = value;
            return this;
        }

        RequestBuilder scope(String value) {
            scope = value;
            return this;
        }

        RequestBuilder state(String value) {
            state = value;
            return this;
        }

        RequestBuilder codeChallenge(String value) {
            codeChallenge = value;
            return this;
        }

        RequestBuilder codeChallengeMethod(String value) {
            codeChallengeMethod = value;
            return this;
        }

        RequestBuilder resources(String... values) {
            resources = List.of(values);
            return this;
        }

        RequestBuilder repeated(String name) {
            repeated.add(name);
            return this;
        }

        AuthorizationRequest build() {
            return new AuthorizationRequest(ISSUER, responseType, clientId, redirectUri, scope, state, codeChallenge,
                    codeChallengeMethod, resources, repeated);
        }
    }
}
