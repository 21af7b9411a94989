package dev.mcpauth.application.service;

import dev.mcpauth.application.fakes.Concurrently;
import dev.mcpauth.application.port.in.AuthenticateBearerUseCase.BearerToken;
import dev.mcpauth.application.port.in.ClientCredentials;
import dev.mcpauth.application.port.in.RefreshAccessTokenUseCase.RefreshRequest;
import dev.mcpauth.application.port.in.TokenResponse;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.fixtures.TestClients;
import dev.mcpauth.domain.fixtures.TestGrants;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.AccessTokenClaims;
import dev.mcpauth.domain.token.RefreshToken;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static dev.mcpauth.application.service.ServiceFixture.ISSUER;
import static dev.mcpauth.application.service.ServiceFixture.refreshRequest;
import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefreshAccessTokenServiceTest {
    private static final String GRANT_ID = TestGrants.GRANT_ID;
    private static final String FIRST = TestGrants.refreshToken(GRANT_ID, "first").value();

    private final ServiceFixture fixture = new ServiceFixture();
    private final RefreshAccessTokenService service = fixture.refresh();

    RefreshAccessTokenServiceTest() {
        fixture.grants.add(TestGrants.grant().id(GRANT_ID).scope("files:read files:write")
                .audiences(TestSettings.FILES_RESOURCE, TestSettings.DOCS_RESOURCE).build());
    }

    @Test
    void refreshWhenCurrentTokenThenNewAccessAndRotatedRefreshToken() {
        TokenResponse response = service.refresh(refreshRequest(FIRST));

        String next = response.refreshToken().orElseThrow();
        assertNotEquals(FIRST, next);
        assertEquals(GRANT_ID, RefreshToken.parse(next).orElseThrow().grantId().value());
        Grant grant = fixture.grants.get(GRANT_ID);
        assertEquals(1, grant.version());
        assertEquals(RefreshToken.parse(next).orElseThrow().hash(), grant.family().orElseThrow().current());
        assertEquals(Scopes.parse("files:read files:write"), response.scope());
        AccessTokenClaims claims = fixture.accessTokens.claimsOf(response.accessToken());
        assertEquals(ISSUER, claims.issuer());
        assertEquals(Optional.of(grant.id()), claims.sessionId());
        assertEquals(grant.audiences(), claims.audiences());
    }

    @Test
    void refreshWhenRotatedTokensChainThenEachWorksOnce() {
        String token = FIRST;
        for (int i = 0; i < 5; i++) {
            token = service.refresh(refreshRequest(token)).refreshToken().orElseThrow();
        }

        assertEquals(5, fixture.grants.get(GRANT_ID).version());
        assertTrue(fixture.grants.get(GRANT_ID).isActive());
    }

    @Test
    void refreshWhenOldTokenReusedThenInvalidGrantAndNewTokenRevokedToo() {
        String next = service.refresh(refreshRequest(FIRST)).refreshToken().orElseThrow();

        assertOAuthError(OAuthError.INVALID_GRANT, "refresh token was already used; the grant is revoked",
                () -> service.refresh(refreshRequest(FIRST)));

        assertTrue(fixture.grants.get(GRANT_ID).isRevoked());
        assertOAuthError(OAuthError.INVALID_GRANT, "refresh token was revoked",
                () -> service.refresh(refreshRequest(next)));
    }

    @Test
    void refreshWhenReuseDetectedThenAccessTokensOfTheGrantStopWorking() {
        TokenResponse response = service.refresh(refreshRequest(FIRST));

        assertOAuthError(OAuthError.INVALID_GRANT, () -> service.refresh(refreshRequest(FIRST)));

        assertOAuthError(OAuthError.INVALID_TOKEN, () -> fixture.bearer().authenticate(
                new BearerToken(ISSUER,
                        response.accessToken(), Optional.empty())));
    }

    @Test
    void refreshWhenTokenOfAnotherClientThenInvalidGrantAndNothingRevoked() {
        RefreshRequest byOther = new RefreshRequest(ISSUER, ServiceFixture.CONFIDENTIAL_CLIENT, FIRST, null, null);

        OAuthException e = assertOAuthError(OAuthError.INVALID_GRANT, "refresh token is invalid",
                () -> service.refresh(byOther));

        assertTrue(e.detail().contains(TestClients.CONFIDENTIAL_CLIENT_ID));
        assertTrue(fixture.grants.get(GRANT_ID).isActive());
        assertEquals(0, fixture.grants.get(GRANT_ID).version());
        // the owner can still use it
        assertTrue(service.refresh(refreshRequest(FIRST)).refreshToken().isPresent());
    }

    @Test
    void refreshWhenNarrowerScopeThenTokenWithThatScopeAndGrantUnchanged() {
        TokenResponse narrowed = service.refresh(refreshRequest(FIRST, "files:read", null));

        assertEquals(Scopes.parse("files:read"), narrowed.scope());
        assertEquals(Scopes.parse("files:read"), fixture.accessTokens.claimsOf(narrowed.accessToken()).scope());
        // OAuth 2.1 §4.3.1: narrowing one token does not shrink the grant
        TokenResponse full = service.refresh(refreshRequest(narrowed.refreshToken().orElseThrow()));
        assertEquals(Scopes.parse("files:read files:write"), full.scope());
    }

    @Test
    void refreshWhenWiderScopeThenInvalidScopeAndTokenNotConsumed() {
        assertOAuthError(OAuthError.INVALID_SCOPE, "scope exceeds what was granted: docs:read",
                () -> service.refresh(refreshRequest(FIRST, "files:read docs:read", null)));

        assertEquals(0, fixture.grants.get(GRANT_ID).version());
        assertTrue(service.refresh(refreshRequest(FIRST)).refreshToken().isPresent());
    }

    @Test
    void refreshWhenResourceNarrowsThenTokenForThatResource() {
        TokenResponse response = service.refresh(refreshRequest(FIRST, null, List.of(TestSettings.DOCS_RESOURCE)));

        assertEquals(List.of(new Audience(TestSettings.DOCS_RESOURCE)),
                fixture.accessTokens.claimsOf(response.accessToken()).audiences());
    }

    @Test
    void refreshWhenResourceNotGrantedThenInvalidTarget() {
        assertOAuthError(OAuthError.INVALID_TARGET,
                () -> service.refresh(refreshRequest(FIRST, null, List.of("https://other.example/mcp"))));
        assertEquals(0, fixture.grants.get(GRANT_ID).version());
    }

    @Test
    void refreshWhenUnknownSecretOfAnExistingGrantThenInvalidGrantWithoutRevoking() {
        String guessed = TestGrants.refreshToken(GRANT_ID, "guessed").value();

        assertOAuthError(OAuthError.INVALID_GRANT, "refresh token is invalid",
                () -> service.refresh(refreshRequest(guessed)));

        assertTrue(fixture.grants.get(GRANT_ID).isActive());
    }

    @Test
    void refreshWhenUnknownGrantOrMalformedTokenThenInvalidGrant() {
        assertOAuthError(OAuthError.INVALID_GRANT, "refresh token is invalid",
                () -> service.refresh(refreshRequest(TestGrants.refreshToken("no-such-grant", "x").value())));
        assertOAuthError(OAuthError.INVALID_GRANT, "refresh token is invalid",
                () -> service.refresh(refreshRequest("garbage")));
    }

    @Test
    void refreshWhenTokenMissingThenInvalidRequest() {
        assertOAuthError(OAuthError.INVALID_REQUEST, "refresh_token is required",
                () -> service.refresh(refreshRequest(null)));
        assertOAuthError(OAuthError.INVALID_REQUEST, "refresh_token is required",
                () -> service.refresh(refreshRequest("")));
    }

    @Test
    void refreshWhenTokenExpiredThenInvalidGrant() {
        fixture.clock.advance(TestSettings.REFRESH_TOKEN_LIFETIME);

        assertOAuthError(OAuthError.INVALID_GRANT, "refresh token expired",
                () -> service.refresh(refreshRequest(FIRST)));
        assertFalse(fixture.grants.get(GRANT_ID).isRevoked());
    }

    @Test
    void refreshWhenRotatedThenStoreForgetsTheGrantWhenTheNewTokenExpires() {
        fixture.clock.advance(Duration.ofDays(1));

        service.refresh(refreshRequest(FIRST));

        assertEquals(Optional.of(fixture.clock.instant().plus(TestSettings.REFRESH_TOKEN_LIFETIME)),
                fixture.grants.forgetAt(fixture.grants.get(GRANT_ID).id()));
    }

    @Test
    void refreshWhenClientAuthenticationFailsThenInvalidClient() {
        assertOAuthError(OAuthError.INVALID_CLIENT, () -> service.refresh(new RefreshRequest(ISSUER,
                new ClientCredentials.None("nobody"), FIRST, null, null)));
    }

    @Test
    void refreshWhenAnotherRefreshWinsTheCompareAndSetThenTheLoserSeesReuse() {
        AtomicReference<TokenResponse> winner = new AtomicReference<>();
        // between this request's read of the grant and its write, another request with the same token rotates it
        fixture.grants.beforeNextReplace(grant -> winner.set(service.refresh(refreshRequest(FIRST))));

        assertOAuthError(OAuthError.INVALID_GRANT, "refresh token was already used; the grant is revoked",
                () -> service.refresh(refreshRequest(FIRST)));

        assertTrue(winner.get().refreshToken().isPresent());
        Grant grant = fixture.grants.get(GRANT_ID);
        assertTrue(grant.isRevoked());
        assertEquals(2, grant.version(), "one rotation and one revocation; the lost write never landed");
    }

    @RepeatedTest(10)
    void refreshWhenEightConcurrentRequestsWithTheSameTokenThenExactlyOneSucceeds() throws Exception {
        List<Object> outcomes = Concurrently.run(8, () -> service.refresh(refreshRequest(FIRST)));

        int successes = 0;
        for (Object outcome : outcomes) {
            if (outcome instanceof TokenResponse) {
                successes++;
            } else {
                assertEquals(OAuthError.INVALID_GRANT, assertInstanceOf(OAuthException.class, outcome).error());
            }
        }
        assertEquals(1, successes);
        // The losers presented a token that had just been rotated: reuse, so the family is revoked (no grace window).
        assertTrue(fixture.grants.get(GRANT_ID).isRevoked());
    }
}
