package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.AuthenticateBearerUseCase.BearerToken;
import dev.mcpauth.application.port.in.ClientCredentials;
import dev.mcpauth.application.port.in.RevokeTokenUseCase.Revocation;
import dev.mcpauth.application.port.in.TokenResponse;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.fixtures.TestClients;
import dev.mcpauth.domain.fixtures.TestGrants;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.mode.SessionMode;
import dev.mcpauth.domain.token.RefreshToken;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.mcpauth.application.service.ServiceFixture.ISSUER;
import static dev.mcpauth.application.service.ServiceFixture.PUBLIC_CLIENT;
import static dev.mcpauth.application.service.ServiceFixture.refreshRequest;
import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RevokeTokenServiceTest {
    private ServiceFixture fixture = new ServiceFixture();
    private RevokeTokenService service = fixture.revoke();

    @Test
    void revokeWhenRefreshTokenThenGrantRevoked() {
        TokenResponse tokens = fixture.tokens();
        String refresh = tokens.refreshToken().orElseThrow();

        service.revoke(new Revocation(ISSUER, PUBLIC_CLIENT, refresh, "refresh_token"));

        assertTrue(grantOf(refresh).isRevoked());
        assertOAuthError(OAuthError.INVALID_GRANT, () -> fixture.refresh().refresh(refreshRequest(refresh)));
        assertOAuthError(OAuthError.INVALID_TOKEN, () -> fixture.bearer().authenticate(
                new BearerToken(ISSUER, tokens.accessToken(), Optional.empty())));
    }

    @Test
    void revokeWhenRefreshTokenWithoutHintOrWithAccessTokenHintThenGrantRevoked() {
        String a = fixture.tokens().refreshToken().orElseThrow();
        String b = fixture.tokens().refreshToken().orElseThrow();

        service.revoke(new Revocation(ISSUER, PUBLIC_CLIENT, a, null));
        service.revoke(new Revocation(ISSUER, PUBLIC_CLIENT, b, "access_token"));

        assertTrue(grantOf(a).isRevoked());
        assertTrue(grantOf(b).isRevoked());
    }

    @Test
    void revokeWhenAlreadyRotatedRefreshTokenThenGrantRevoked() {
        String first = fixture.tokens().refreshToken().orElseThrow();
        String second = fixture.refresh().refresh(refreshRequest(first)).refreshToken().orElseThrow();

        service.revoke(new Revocation(ISSUER, PUBLIC_CLIENT, first, "refresh_token"));

        assertTrue(grantOf(second).isRevoked());
    }

    @Test
    void revokeWhenAccessTokenOfStatefulGrantThenGrantRevoked() {
        TokenResponse tokens = fixture.tokens();

        service.revoke(new Revocation(ISSUER, PUBLIC_CLIENT, tokens.accessToken(), "access_token"));

        assertTrue(grantOf(tokens.refreshToken().orElseThrow()).isRevoked());
    }

    @Test
    void revokeWhenExpiredAccessTokenThenIgnored() {
        TokenResponse tokens = fixture.tokens();
        fixture.clock.advance(TestSettings.ACCESS_TOKEN_LIFETIME);

        service.revoke(new Revocation(ISSUER, PUBLIC_CLIENT, tokens.accessToken(), null));

        assertTrue(grantOf(tokens.refreshToken().orElseThrow()).isActive());
    }

    @Test
    void revokeWhenAccessTokenOfStatelessSessionThenNothingToRevoke() {
        fixture = new ServiceFixture(TestSettings.settings().sessionMode(SessionMode.STATELESS).build());
        service = fixture.revoke();
        TokenResponse tokens = fixture.tokens();

        assertDoesNotThrow(() -> service.revoke(new Revocation(ISSUER, PUBLIC_CLIENT, tokens.accessToken(), null)));
    }

    @Test
    void revokeWhenTokenOfAnotherClientThenSilentlyIgnored() {
        fixture.grants.add(TestGrants.grant().clientId(TestClients.CONFIDENTIAL_CLIENT_ID).build());
        String othersToken = TestGrants.refreshToken(TestGrants.GRANT_ID, "first").value();

        assertDoesNotThrow(() -> service.revoke(new Revocation(ISSUER, PUBLIC_CLIENT, othersToken, "refresh_token")));

        assertTrue(fixture.grants.get(TestGrants.GRANT_ID).isActive());
    }

    @Test
    void revokeWhenAccessTokenOfAnotherClientThenSilentlyIgnored() {
        fixture.clients.add(TestClients.publicClient().id("other-public").build());
        TokenResponse tokens = fixture.tokens();

        service.revoke(new Revocation(ISSUER, new ClientCredentials.None("other-public"), tokens.accessToken(), null));

        assertTrue(grantOf(tokens.refreshToken().orElseThrow()).isActive());
    }

    @Test
    void revokeWhenUnknownTokenThenOk() {
        fixture.grants.add(TestGrants.grant().build());

        assertDoesNotThrow(() -> service.revoke(new Revocation(ISSUER, PUBLIC_CLIENT, "whatever", null)));
        assertDoesNotThrow(() -> service.revoke(new Revocation(ISSUER, PUBLIC_CLIENT,
                TestGrants.refreshToken("no-such-grant", "x").value(), "refresh_token")));
        // a guessed secret for an existing grant must not revoke it
        assertDoesNotThrow(() -> service.revoke(new Revocation(ISSUER, PUBLIC_CLIENT,
                TestGrants.refreshToken(TestGrants.GRANT_ID, "guessed").value(), "refresh_token")));
        assertTrue(fixture.grants.get(TestGrants.GRANT_ID).isActive());
    }

    @Test
    void revokeWhenRevokedTwiceThenOk() {
        String refresh = fixture.tokens().refreshToken().orElseThrow();
        service.revoke(new Revocation(ISSUER, PUBLIC_CLIENT, refresh, null));
        long version = grantOf(refresh).version();

        assertDoesNotThrow(() -> service.revoke(new Revocation(ISSUER, PUBLIC_CLIENT, refresh, null)));
        assertEquals(version, grantOf(refresh).version());
    }

    @Test
    void revokeWhenUnsupportedTokenTypeHintThenUnsupportedTokenType() {
        String refresh = fixture.tokens().refreshToken().orElseThrow();

        assertOAuthError(OAuthError.UNSUPPORTED_TOKEN_TYPE, "token_type_hint must be refresh_token or access_token",
                () -> service.revoke(new Revocation(ISSUER, PUBLIC_CLIENT, refresh, "id_token")));
        assertFalse(grantOf(refresh).isRevoked());
    }

    @Test
    void revokeWhenTokenMissingThenInvalidRequest() {
        assertOAuthError(OAuthError.INVALID_REQUEST, "token is required",
                () -> service.revoke(new Revocation(ISSUER, PUBLIC_CLIENT, null, null)));
        assertOAuthError(OAuthError.INVALID_REQUEST, "token is required",
                () -> service.revoke(new Revocation(ISSUER, PUBLIC_CLIENT, "", null)));
    }

    @Test
    void revokeWhenClientAuthenticationFailsThenInvalidClientAndNothingRevoked() {
        String refresh = fixture.tokens().refreshToken().orElseThrow();

        assertOAuthError(OAuthError.INVALID_CLIENT, () -> service.revoke(new Revocation(ISSUER,
                new ClientCredentials.None("nobody"), refresh, null)));
        assertTrue(grantOf(refresh).isActive());
    }

    private Grant grantOf(String refreshToken) {
        return fixture.grants.find(RefreshToken.parse(refreshToken).orElseThrow().grantId()).orElseThrow();
    }
}
