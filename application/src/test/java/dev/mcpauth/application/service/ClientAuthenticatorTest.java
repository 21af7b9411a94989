package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.ClientCredentials;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.client.TokenEndpointAuthMethod;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.fixtures.TestClients;
import org.junit.jupiter.api.Test;

import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientAuthenticatorTest {
    private static final String FAILED = "client authentication failed";

    private final ServiceFixture fixture = new ServiceFixture();
    private final ClientAuthenticator authenticator = fixture.clientAuthenticator;

    @Test
    void authenticateWhenPublicClientWithNoneThenClient() {
        Client client = authenticator.authenticate(new ClientCredentials.None(TestClients.PUBLIC_CLIENT_ID));

        assertEquals(TestClients.PUBLIC_CLIENT_ID, client.id().value());
    }

    @Test
    void authenticateWhenConfidentialClientWithRightSecretThenClient() {
        Client client = authenticator.authenticate(
                new ClientCredentials.Basic(TestClients.CONFIDENTIAL_CLIENT_ID, TestClients.SECRET));

        assertEquals(TestClients.CONFIDENTIAL_CLIENT_ID, client.id().value());
        assertEquals(1, fixture.passwords.verifications());
    }

    @Test
    void authenticateWhenClientSecretPostRegisteredAndUsedThenClient() {
        fixture.clients.add(TestClients.confidentialClient().id("post-client")
                .authMethod(TokenEndpointAuthMethod.CLIENT_SECRET_POST).build());

        assertEquals("post-client", authenticator.authenticate(
                new ClientCredentials.Post("post-client", TestClients.SECRET)).id().value());
    }

    @Test
    void authenticateWhenUnknownClientThenInvalidClientWith401() {
        OAuthException e = assertOAuthError(OAuthError.INVALID_CLIENT, FAILED,
                () -> authenticator.authenticate(new ClientCredentials.None("nobody")));

        assertEquals(401, e.error().httpStatus());
        assertTrue(e.detail().contains("nobody"), "the operator learns which client");
        assertFalse(e.description().contains("nobody"), "the caller does not");
    }

    @Test
    void authenticateWhenNoCredentialsOrNoClientIdThenInvalidClient() {
        assertOAuthError(OAuthError.INVALID_CLIENT, FAILED, () -> authenticator.authenticate(null));
        assertOAuthError(OAuthError.INVALID_CLIENT, FAILED,
                () -> authenticator.authenticate(new ClientCredentials.None(null)));
        assertOAuthError(OAuthError.INVALID_CLIENT, FAILED,
                () -> authenticator.authenticate(new ClientCredentials.None("")));
    }

    @Test
    void authenticateWhenMalformedClientIdThenInvalidClientNotInvalidRequest() {
        assertOAuthError(OAuthError.INVALID_CLIENT, FAILED,
                () -> authenticator.authenticate(new ClientCredentials.None("bad\u0000id")));
    }

    @Test
    void authenticateWhenConfidentialClientUsesNoneThenInvalidClient() {
        assertOAuthError(OAuthError.INVALID_CLIENT, FAILED,
                () -> authenticator.authenticate(new ClientCredentials.None(TestClients.CONFIDENTIAL_CLIENT_ID)));
    }

    @Test
    void authenticateWhenPublicClientPresentsASecretThenInvalidClient() {
        assertOAuthError(OAuthError.INVALID_CLIENT, FAILED, () -> authenticator.authenticate(
                new ClientCredentials.Basic(TestClients.PUBLIC_CLIENT_ID, "anything")));
    }

    @Test
    void authenticateWhenRegisteredMethodDiffersFromUsedThenInvalidClient() {
        OAuthException e = assertOAuthError(OAuthError.INVALID_CLIENT, FAILED, () -> authenticator.authenticate(
                new ClientCredentials.Post(TestClients.CONFIDENTIAL_CLIENT_ID, TestClients.SECRET)));

        assertEquals(0, fixture.passwords.verifications(), "the secret is not even looked at");
        assertTrue(e.detail().contains("client_secret_basic"));
    }

    @Test
    void authenticateWhenWrongSecretThenInvalidClient() {
        assertOAuthError(OAuthError.INVALID_CLIENT, FAILED, () -> authenticator.authenticate(
                new ClientCredentials.Basic(TestClients.CONFIDENTIAL_CLIENT_ID, "wrong")));
        assertOAuthError(OAuthError.INVALID_CLIENT, FAILED, () -> authenticator.authenticate(
                new ClientCredentials.Basic(TestClients.CONFIDENTIAL_CLIENT_ID, "")));
    }

    @Test
    void hashGeneratedSecretWhenHashedThenVerifiesWithoutThePasswordHasher() {
        String secret = fixture.generator.newSecret();
        String hash = ClientAuthenticator.hashGeneratedSecret(secret);
        fixture.clients.add(TestClients.confidentialClient().id("generated").secretHash(hash).build());

        Client client = authenticator.authenticate(new ClientCredentials.Basic("generated", secret));

        assertEquals("generated", client.id().value());
        assertTrue(hash.startsWith(ClientAuthenticator.GENERATED_SECRET_PREFIX));
        assertFalse(hash.contains(secret));
        assertNotEquals(hash, ClientAuthenticator.hashGeneratedSecret(fixture.generator.newSecret()));
        assertEquals(0, fixture.passwords.verifications());
    }

    @Test
    void hashGeneratedSecretWhenOtherSecretPresentedThenInvalidClient() {
        String hash = ClientAuthenticator.hashGeneratedSecret(fixture.generator.newSecret());
        fixture.clients.add(TestClients.confidentialClient().id("generated").secretHash(hash).build());

        assertOAuthError(OAuthError.INVALID_CLIENT, FAILED, () -> authenticator.authenticate(
                new ClientCredentials.Basic("generated", fixture.generator.newSecret())));
    }

    @Test
    void authenticateWhenStoredGeneratedHashIsTruncatedThenInvalidClient() {
        fixture.clients.add(TestClients.confidentialClient().id("broken")
                .secretHash(ClientAuthenticator.GENERATED_SECRET_PREFIX + "short").build());

        assertOAuthError(OAuthError.INVALID_CLIENT, FAILED,
                () -> authenticator.authenticate(new ClientCredentials.Basic("broken", "anything")));
    }
}
