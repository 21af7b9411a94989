package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.ClientCredentials;
import dev.mcpauth.application.port.in.RegisterClientUseCase.ClientRegistration;
import dev.mcpauth.application.port.in.RegisterClientUseCase.RegisteredClient;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.client.ClientKind;
import dev.mcpauth.domain.client.RedirectUri;
import dev.mcpauth.domain.client.TokenEndpointAuthMethod;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.scope.Scopes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegisterClientServiceTest {
    private static final String LOOPBACK = "http://127.0.0.1/callback";
    private static final String LOOPBACK_ONLY =
            "only loopback redirect URIs (http://127.0.0.1, http://[::1], http://localhost) may be registered";
    private static final String NOT_ALLOWED = "redirect URI is not allowed by this server's registration policy";

    private ServiceFixture fixture = new ServiceFixture();
    private RegisterClientService service = fixture.register();

    private void useSettings(TestSettings.Builder settings) {
        fixture = new ServiceFixture(settings.build());
        service = fixture.register();
    }

    @Test
    void registerWhenPublicLoopbackClientThenStoredWithoutSecret() {
        RegisteredClient registered = service.register(registration("none", LOOPBACK).build());

        Client client = registered.client();
        assertEquals(Optional.empty(), registered.clientSecret());
        assertEquals(Optional.empty(), client.secretHash());
        assertEquals(TokenEndpointAuthMethod.NONE, client.authMethod());
        assertEquals(ClientKind.DYNAMIC, client.kind());
        assertEquals(fixture.clock.instant(), client.issuedAt());
        assertEquals(List.of(new RedirectUri(LOOPBACK)), client.redirectUris());
        assertEquals(Optional.of(client), fixture.clients.find(client.id()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/callback", "http://127.0.0.1:8080/cb", "http://[::1]/cb",
            "http://localhost:3000/oauth/callback"})
    void registerWhenNoAllowlistAndLoopbackThenAccepted(String redirectUri) {
        assertTrue(service.register(registration("none", redirectUri).build()).client().redirectUris().get(0)
                .isLoopback());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://client.example/callback", "com.example.app:/callback"})
    void registerWhenNoAllowlistAndNotLoopbackThenInvalidRedirectUri(String redirectUri) {
        assertOAuthError(OAuthError.INVALID_REDIRECT_URI, LOOPBACK_ONLY,
                () -> service.register(registration("none", redirectUri).build()));
        assertTrue(fixture.clients.dynamicClients().isEmpty());
    }

    @Test
    void registerWhenOneOfSeveralRedirectUrisNotAllowedThenInvalidRedirectUri() {
        assertOAuthError(OAuthError.INVALID_REDIRECT_URI, LOOPBACK_ONLY,
                () -> service.register(registration("none", LOOPBACK, "https://evil.example/cb").build()));
    }

    @Test
    void registerWhenRedirectUriInvalidThenInvalidRedirectUri() {
        assertOAuthError(OAuthError.INVALID_REDIRECT_URI, "redirect_uri must not contain a fragment",
                () -> service.register(registration("none", "http://127.0.0.1/cb#x").build()));
    }

    @Test
    void registerWhenNoRedirectUrisThenInvalidRedirectUri() {
        assertOAuthError(OAuthError.INVALID_REDIRECT_URI, "redirect_uris is required",
                () -> service.register(registration("none").build()));
        assertOAuthError(OAuthError.INVALID_REDIRECT_URI, "redirect_uris is required",
                () -> service.register(registration("none").redirectUris(null).build()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.com/callback", "https://a.b.example.com/callback"})
    void registerWhenAllowlistGlobMatchesThenAccepted(String redirectUri) {
        useSettings(TestSettings.settings().allowedRedirectUris("https://*.example.com/callback"));

        assertEquals(redirectUri, service.register(registration("none", redirectUri).build()).client()
                .redirectUris().get(0).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.org/callback", "https://app.example.com/callback/extra",
            "https://app.example.com/other", "http://127.0.0.1/callback", "https://example.com/callback"})
    void registerWhenAllowlistGlobDoesNotMatchThenInvalidRedirectUri(String redirectUri) {
        useSettings(TestSettings.settings().allowedRedirectUris("https://*.example.com/callback"));

        assertOAuthError(OAuthError.INVALID_REDIRECT_URI, NOT_ALLOWED,
                () -> service.register(registration("none", redirectUri).build()));
    }

    @Test
    void registerWhenAllowlistHasNoWildcardThenDotsAreLiteral() {
        useSettings(TestSettings.settings().allowedRedirectUris("https://app.example.com/callback"));

        assertOAuthError(OAuthError.INVALID_REDIRECT_URI, NOT_ALLOWED,
                () -> service.register(registration("none", "https://appXexample.com/callback").build()));
        assertEquals(1, service.register(registration("none", "https://app.example.com/callback").build())
                .client().redirectUris().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.test/.example.com/callback", "https://evil.test/?.example.com/callback",
            "https://evil.test:443/x.example.com/callback"})
    void registerWhenGlobWildcardWouldSpanIntoThePathThenInvalidRedirectUri(String redirectUri) {
        useSettings(TestSettings.settings().allowedRedirectUris("https://*.example.com/callback"));

        assertOAuthError(OAuthError.INVALID_REDIRECT_URI, NOT_ALLOWED,
                () -> service.register(registration("none", redirectUri).build()));
    }

    @Test
    void globToPatternWhenStarThenAnyRunOfCharacters() {
        assertTrue(RegisterClientService.globToPattern("https://*.example.com/*").matcher(
                "https://a.example.com/x/y").matches());
        assertFalse(RegisterClientService.globToPattern("https://a.example.com/cb").matcher(
                "https://a.example.com/cbx").matches());
        assertFalse(RegisterClientService.globToPattern("https://a.example.com/cb?x=(1)").matcher(
                "https://a.example.com/cb?x=1").matches());
    }

    @Test
    void registerWhenInitialAccessTokenRequiredAndMissingThenInvalidToken() {
        useSettings(TestSettings.settings().initialAccessToken("iat-secret"));

        assertOAuthError(OAuthError.INVALID_TOKEN, "a valid initial access token is required",
                () -> service.register(registration("none", LOOPBACK).build()));
    }

    @Test
    void registerWhenInitialAccessTokenWrongThenInvalidToken() {
        useSettings(TestSettings.settings().initialAccessToken("iat-secret"));

        assertOAuthError(OAuthError.INVALID_TOKEN, "a valid initial access token is required",
                () -> service.register(registration("none", LOOPBACK).initialAccessToken("iat-secreT").build()));
        assertOAuthError(OAuthError.INVALID_TOKEN,
                () -> service.register(registration("none", LOOPBACK).initialAccessToken("").build()));
        assertTrue(fixture.clients.dynamicClients().isEmpty());
    }

    @Test
    void registerWhenInitialAccessTokenRightThenRegistered() {
        useSettings(TestSettings.settings().initialAccessToken("iat-secret"));

        assertTrue(service.register(registration("none", LOOPBACK).initialAccessToken("iat-secret").build())
                .client().isPublic());
    }

    @Test
    void registerWhenCapReachedThenTemporarilyUnavailable() {
        useSettings(TestSettings.settings().maxDynamicClients(2));
        service.register(registration("none", LOOPBACK).build());
        service.register(registration("none", LOOPBACK).build());

        assertOAuthError(OAuthError.TEMPORARILY_UNAVAILABLE, "the limit of dynamically registered clients is reached",
                () -> service.register(registration("none", LOOPBACK).build()));
        assertEquals(2, fixture.clients.dynamicClients().size());
    }

    @Test
    void registerWhenDisabledThenAccessDenied() {
        useSettings(TestSettings.settings().registrationEnabled(false));

        assertOAuthError(OAuthError.ACCESS_DENIED, "dynamic client registration is disabled",
                () -> service.register(registration("none", LOOPBACK).build()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"client_credentials", "implicit", "password",
            "urn:ietf:params:oauth:grant-type:device_code"})
    void registerWhenUnsupportedGrantTypeThenInvalidClientMetadata(String grantType) {
        assertOAuthError(OAuthError.INVALID_CLIENT_METADATA,
                "grant_types may contain only authorization_code and refresh_token",
                () -> service.register(registration("none", LOOPBACK)
                        .grantTypes("authorization_code", grantType).build()));
    }

    @Test
    void registerWhenSupportedGrantTypesThenRegistered() {
        assertTrue(service.register(registration("none", LOOPBACK)
                .grantTypes("authorization_code", "refresh_token").build()).client().isPublic());
    }

    @Test
    void registerWhenResponseTypeOtherThanCodeThenInvalidClientMetadata() {
        assertOAuthError(OAuthError.INVALID_CLIENT_METADATA, "response_types may contain only code",
                () -> service.register(registration("none", LOOPBACK).responseTypes("code", "token").build()));
    }

    @Test
    void registerWhenUnknownAuthMethodThenInvalidClientMetadata() {
        assertOAuthError(OAuthError.INVALID_CLIENT_METADATA,
                () -> service.register(registration("private_key_jwt", LOOPBACK).build()));
    }

    @Test
    void registerWhenNoAuthMethodThenClientSecretBasicWithSecret() {
        // RFC 7591 §2: the default is client_secret_basic
        RegisteredClient registered = service.register(registration(null, LOOPBACK).build());

        assertEquals(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, registered.client().authMethod());
        assertTrue(registered.clientSecret().isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"client_secret_basic", "client_secret_post"})
    void registerWhenConfidentialMethodThenSecretReturnedOnceAndStoredHashed(String method) {
        RegisteredClient registered = service.register(registration(method, LOOPBACK).build());

        String secret = registered.clientSecret().orElseThrow();
        assertEquals(43, secret.length());
        Client stored = fixture.clients.find(registered.client().id()).orElseThrow();
        String hash = stored.secretHash().orElseThrow();
        assertFalse(hash.contains(secret), "the registry never sees the clear secret");
        assertEquals(ClientAuthenticator.hashGeneratedSecret(secret), hash);
        assertFalse(registered.toString().contains(secret));
        // the secret authenticates the client
        ClientCredentials credentials = method.equals("client_secret_basic")
                ? new ClientCredentials.Basic(stored.id().value(), secret)
                : new ClientCredentials.Post(stored.id().value(), secret);
        assertEquals(stored, fixture.clientAuthenticator.authenticate(credentials));
    }

    @Test
    void registerWhenTwoClientsThenDistinctIdsAndSecrets() {
        RegisteredClient a = service.register(registration("client_secret_basic", LOOPBACK).build());
        RegisteredClient b = service.register(registration("client_secret_basic", LOOPBACK).build());

        assertFalse(a.client().id().equals(b.client().id()));
        assertFalse(a.clientSecret().equals(b.clientSecret()));
    }

    @Test
    void registerWhenKnownScopeThenKept() {
        assertEquals(Scopes.parse("files:read openid"), service.register(registration("none", LOOPBACK)
                .scope("files:read openid").build()).client().scope());
    }

    @Test
    void registerWhenUnknownScopeThenInvalidClientMetadata() {
        assertOAuthError(OAuthError.INVALID_CLIENT_METADATA, "unknown scope: admin",
                () -> service.register(registration("none", LOOPBACK).scope("files:read admin").build()));
    }

    @Test
    void registerWhenMalformedScopeThenInvalidClientMetadata() {
        assertOAuthError(OAuthError.INVALID_CLIENT_METADATA,
                () -> service.register(registration("none", LOOPBACK).scope("files\"read").build()));
    }

    @Test
    void registerWhenNameGivenThenKeptElseTheId() {
        assertEquals("My Client", service.register(registration("none", LOOPBACK).name("My Client").build())
                .client().name());
        Client unnamed = service.register(registration("none", LOOPBACK).build()).client();
        assertEquals(unnamed.id().value(), unnamed.name());
    }

    @Test
    void registerWhenNameTooLongOrWithControlCharactersThenInvalidClientMetadata() {
        String message = "client_name must be at most 200 characters without control characters";
        assertOAuthError(OAuthError.INVALID_CLIENT_METADATA, message,
                () -> service.register(registration("none", LOOPBACK).name("x".repeat(201)).build()));
        assertOAuthError(OAuthError.INVALID_CLIENT_METADATA, message,
                () -> service.register(registration("none", LOOPBACK).name("evil\nname").build()));
        assertEquals(200, service.register(registration("none", LOOPBACK).name("x".repeat(200)).build())
                .client().name().length());
    }

    private static RegistrationBuilder registration(String method, String... redirectUris) {
        return new RegistrationBuilder(method, Arrays.asList(redirectUris));
    }

    private static final class RegistrationBuilder {
        private final String method;
        private List<String> redirectUris;
        private List<String> grantTypes;
        private List<String> responseTypes;
        private String name;
        private String scope;
        private Optional<String> initialAccessToken = Optional.empty();

        RegistrationBuilder(String method, List<String> redirectUris) {
            this.method = method;
            this.redirectUris = redirectUris;
        }

        RegistrationBuilder redirectUris(List<String> values) {
            redirectUris = values;
            return this;
        }

        RegistrationBuilder grantTypes(String... values) {
            grantTypes = List.of(values);
            return this;
        }

        RegistrationBuilder responseTypes(String... values) {
            responseTypes = List.of(values);
            return this;
        }

        RegistrationBuilder name(String value) {
            name = value;
            return this;
        }

        RegistrationBuilder scope(String value) {
            scope = value;
            return this;
        }

        RegistrationBuilder initialAccessToken(String value) {
            initialAccessToken = Optional.of(value);
            return this;
        }

        ClientRegistration build() {
            return new ClientRegistration(redirectUris, method, grantTypes, responseTypes, name, scope,
                    initialAccessToken);
        }
    }
}
