package dev.mcpauth.domain.client;

import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.fixtures.TestClients;
import dev.mcpauth.domain.scope.Scopes;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientTest {

    @Test
    void resolveRedirectUriWhenOneRegisteredAndNonePresentedThenTheRegisteredOne() {
        Client client = TestClients.publicClient().redirectUri("https://client.example/cb").build();

        assertEquals(Optional.of("https://client.example/cb"), client.resolveRedirectUri(null));
        assertEquals(Optional.of("https://client.example/cb"), client.resolveRedirectUri(""));
    }

    @Test
    void resolveRedirectUriWhenSeveralRegisteredAndNonePresentedThenEmpty() {
        Client client = TestClients.publicClient()
                .redirectUris("https://client.example/a", "https://client.example/b").build();

        assertEquals(Optional.empty(), client.resolveRedirectUri(null));
        assertEquals(Optional.empty(), client.resolveRedirectUri(""));
    }

    @Test
    void resolveRedirectUriWhenSeveralRegisteredAndOnePresentedThenThatOne() {
        Client client = TestClients.publicClient()
                .redirectUris("https://client.example/a", "https://client.example/b").build();

        assertEquals(Optional.of("https://client.example/b"), client.resolveRedirectUri("https://client.example/b"));
        assertEquals(Optional.of("https://client.example/a"), client.resolveRedirectUri("https://client.example/a"));
    }

    @Test
    void resolveRedirectUriWhenPresentedIsNotRegisteredThenEmpty() {
        Client client = TestClients.publicClient().redirectUri("https://client.example/cb").build();

        assertEquals(Optional.empty(), client.resolveRedirectUri("https://client.example/other"));
        assertEquals(Optional.empty(), client.resolveRedirectUri("https://evil.example/cb"));
    }

    @Test
    void resolveRedirectUriWhenLoopbackWithAnotherPortThenThePresentedOne() {
        Client client = TestClients.publicClient()
                .redirectUris("https://client.example/cb", "http://127.0.0.1/callback").build();

        assertEquals(Optional.of("http://127.0.0.1:49152/callback"),
                client.resolveRedirectUri("http://127.0.0.1:49152/callback"));
    }

    @Test
    void constructorWhenPublicClientHasSecretThenInvalidClientMetadata() {
        assertOAuthError(OAuthError.INVALID_CLIENT_METADATA,
                "a client with token_endpoint_auth_method none has no secret",
                () -> TestClients.publicClient().secretHash("plain:x").build());
    }

    @Test
    void constructorWhenConfidentialClientHasNoSecretThenInvalidClientMetadata() {
        assertOAuthError(OAuthError.INVALID_CLIENT_METADATA, "client_secret_basic needs a client secret",
                () -> TestClients.confidentialClient().noSecret().build());
        assertOAuthError(OAuthError.INVALID_CLIENT_METADATA, "client_secret_post needs a client secret",
                () -> TestClients.confidentialClient().authMethod(TokenEndpointAuthMethod.CLIENT_SECRET_POST)
                        .noSecret().build());
    }

    @Test
    void constructorWhenNoRedirectUriThenInvalidRedirectUri() {
        assertOAuthError(OAuthError.INVALID_REDIRECT_URI, "at least one redirect URI is required",
                () -> TestClients.publicClient().redirectUris().build());
    }

    @Test
    void constructorWhenNoNameThenNameIsTheId() {
        assertEquals("my-client", TestClients.publicClient().id("my-client").name(null).build().name());
        assertEquals("my-client", TestClients.publicClient().id("my-client").name("  ").build().name());
        assertEquals("My App", TestClients.publicClient().name("My App").build().name());
    }

    @Test
    void constructorWhenScopeNullThenEmpty() {
        Client client = new Client(new ClientId("c"), Optional.empty(),
                List.of(new RedirectUri("https://client.example/cb")), TokenEndpointAuthMethod.NONE, null,
                null, ClientKind.STATIC, Instant.EPOCH);

        assertEquals(Scopes.empty(), client.scope());
    }

    @Test
    void constructorWhenRedirectUrisChangeLaterThenClientUnaffected() {
        List<RedirectUri> uris = new ArrayList<>();
        uris.add(new RedirectUri("https://client.example/cb"));
        Client client = new Client(new ClientId("c"), Optional.empty(), uris, TokenEndpointAuthMethod.NONE, null,
                null, ClientKind.STATIC, Instant.EPOCH);
        uris.add(new RedirectUri("https://evil.example/cb"));

        assertEquals(1, client.redirectUris().size());
        assertThrows(UnsupportedOperationException.class,
                () -> client.redirectUris().add(new RedirectUri("https://evil.example/cb")));
    }

    @Test
    void isPublicWhenMethodNoneThenTrue() {
        assertTrue(TestClients.publicClient().build().isPublic());
        assertFalse(TestClients.confidentialClient().build().isPublic());
    }
}
