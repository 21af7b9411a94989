package dev.mcpauth.application.service;

import dev.mcpauth.application.fakes.Concurrently;
import dev.mcpauth.application.port.in.AuthenticateBearerUseCase.BearerToken;
import dev.mcpauth.application.port.in.ClientCredentials;
import dev.mcpauth.application.port.in.ExchangeAuthorizationCodeUseCase.CodeExchange;
import dev.mcpauth.application.port.in.TokenResponse;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.fixtures.TestClients;
import dev.mcpauth.domain.fixtures.TestCodes;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.grant.GrantId;
import dev.mcpauth.domain.mode.SessionMode;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.AccessTokenClaims;
import dev.mcpauth.domain.token.AuthorizationCode;
import dev.mcpauth.domain.token.RefreshToken;
import dev.mcpauth.domain.token.TokenHash;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static dev.mcpauth.application.service.ServiceFixture.ALICE;
import static dev.mcpauth.application.service.ServiceFixture.ISSUER;
import static dev.mcpauth.application.service.ServiceFixture.PUBLIC_CLIENT;
import static dev.mcpauth.application.service.ServiceFixture.codeExchange;
import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExchangeAuthorizationCodeServiceTest {
    private ServiceFixture fixture = new ServiceFixture();
    private ExchangeAuthorizationCodeService service = fixture.exchange();

    @Test
    void exchangeWhenValidThenAccessAndRefreshToken() {
        String code = fixture.issueCode(ServiceFixture.alicesPending().scope("files:read openid").build());

        TokenResponse response = service.exchange(codeExchange(code));

        assertEquals(TestSettings.ACCESS_TOKEN_LIFETIME.toSeconds(), response.expiresInSeconds());
        assertEquals(Scopes.parse("files:read openid"), response.scope());
        RefreshToken refresh = RefreshToken.parse(response.refreshToken().orElseThrow()).orElseThrow();
        Grant grant = fixture.grants.find(refresh.grantId()).orElseThrow();
        assertTrue(grant.isActive());
        assertEquals(ALICE, grant.subject());
        assertEquals(TestClients.PUBLIC_CLIENT_ID, grant.clientId().value());
        assertEquals(Scopes.parse("files:read openid"), grant.scopes());
        assertEquals(List.of(new Audience(TestSettings.FILES_RESOURCE)), grant.audiences());
        assertEquals(refresh.hash(), grant.family().orElseThrow().current());

        AccessTokenClaims claims = fixture.accessTokens.claimsOf(response.accessToken());
        assertEquals(ISSUER, claims.issuer());
        assertEquals(ALICE, claims.subject());
        assertEquals(List.of(new Audience(TestSettings.FILES_RESOURCE)), claims.audiences());
        assertEquals(TestClients.PUBLIC_CLIENT_ID, claims.clientId().value());
        assertEquals(Scopes.parse("files:read openid"), claims.scope());
        assertEquals(Optional.of(grant.id()), claims.sessionId());
        assertEquals(fixture.clock.instant(), claims.issuedAt());
        assertEquals(fixture.clock.instant().plus(TestSettings.ACCESS_TOKEN_LIFETIME), claims.expiresAt());
        // the token authenticates
        assertEquals(claims, fixture.bearer().authenticate(new BearerToken(ISSUER, response.accessToken(),
                Optional.of(new Audience(TestSettings.FILES_RESOURCE)))));
    }

    @Test
    void exchangeWhenValidThenGrantIsTheOneTheCodeNamed() {
        String code = fixture.issueCode();
        GrantId named = fixture.codes.find(TokenHash.of(code)).orElseThrow().grantId();

        TokenResponse response = service.exchange(codeExchange(code));

        assertEquals(named, RefreshToken.parse(response.refreshToken().orElseThrow()).orElseThrow().grantId());
        assertTrue(fixture.codes.find(TokenHash.of(code)).orElseThrow().redeemed());
    }

    @Test
    void exchangeWhenStatelessSessionsThenNoRefreshTokenAndNoSid() {
        fixture = new ServiceFixture(TestSettings.settings().sessionMode(SessionMode.STATELESS).build());
        service = fixture.exchange();

        TokenResponse response = service.exchange(codeExchange(fixture.issueCode()));

        assertEquals(Optional.empty(), response.refreshToken());
        assertEquals(Optional.empty(), fixture.accessTokens.claimsOf(response.accessToken()).sessionId());
    }

    @Test
    void exchangeWhenConfidentialClientWithRightSecretThenTokens() {
        String code = fixture.issueCode(ServiceFixture.alicesPending().clientId(TestClients.CONFIDENTIAL_CLIENT_ID)
                .build());

        TokenResponse response = service.exchange(new CodeExchange(ISSUER, ServiceFixture.CONFIDENTIAL_CLIENT, code,
                TestClients.REDIRECT_URI, TestCodes.VERIFIER, null));

        assertTrue(response.refreshToken().isPresent());
    }

    @Test
    void exchangeWhenClientAuthenticationFailsThenInvalidClientAndCodeStillUnused() {
        String code = fixture.issueCode(ServiceFixture.alicesPending().clientId(TestClients.CONFIDENTIAL_CLIENT_ID)
                .build());

        assertOAuthError(OAuthError.INVALID_CLIENT, () -> service.exchange(new CodeExchange(ISSUER,
                new ClientCredentials.Basic(TestClients.CONFIDENTIAL_CLIENT_ID, "wrong"), code,
                TestClients.REDIRECT_URI, TestCodes.VERIFIER, null)));

        assertFalse(fixture.codes.find(TokenHash.of(code)).orElseThrow().redeemed());
    }

    @Test
    void exchangeWhenCodeRedeemedTwiceThenInvalidGrantAndFirstGrantRevoked() {
        String code = fixture.issueCode();
        TokenResponse first = service.exchange(codeExchange(code));

        assertOAuthError(OAuthError.INVALID_GRANT,
                "authorization code was already used; the tokens it issued are revoked",
                () -> service.exchange(codeExchange(code)));

        RefreshToken refresh = RefreshToken.parse(first.refreshToken().orElseThrow()).orElseThrow();
        assertTrue(fixture.grants.find(refresh.grantId()).orElseThrow().isRevoked());
        assertOAuthError(OAuthError.INVALID_GRANT, "refresh token was revoked",
                () -> fixture.refresh().refresh(ServiceFixture.refreshRequest(first.refreshToken().orElseThrow())));
        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token was revoked",
                () -> fixture.bearer().authenticate(new BearerToken(ISSUER, first.accessToken(), Optional.empty())));
    }

    @Test
    void exchangeWhenReplayedByAnotherClientThenFirstGrantRevokedToo() {
        String code = fixture.issueCode();
        TokenResponse first = service.exchange(codeExchange(code));

        assertOAuthError(OAuthError.INVALID_GRANT, () -> service.exchange(new CodeExchange(ISSUER,
                ServiceFixture.CONFIDENTIAL_CLIENT, code, TestClients.REDIRECT_URI, TestCodes.VERIFIER, null)));

        GrantId grantId = RefreshToken.parse(first.refreshToken().orElseThrow()).orElseThrow().grantId();
        assertTrue(fixture.grants.find(grantId).orElseThrow().isRevoked());
    }

    @Test
    void exchangeWhenReplayRacesAheadOfTheFirstRedemptionsGrantThenGrantStaysRevoked() {
        String code = fixture.issueCode();
        AtomicReference<OAuthException> replayFailure = new AtomicReference<>();
        // The first redemption has marked the code used and is about to create its grant; the replay arrives now.
        fixture.grants.beforeNextCreate(grant -> {
            try {
                service.exchange(codeExchange(code));
            } catch (OAuthException e) {
                replayFailure.set(e);
            }
        });

        assertOAuthError(OAuthError.INVALID_GRANT, "authorization code was already used",
                () -> service.exchange(codeExchange(code)));

        assertNotNull(replayFailure.get());
        assertEquals(OAuthError.INVALID_GRANT, replayFailure.get().error());
        GrantId grantId = fixture.codes.find(TokenHash.of(code)).orElseThrow().grantId();
        Grant grant = fixture.grants.find(grantId).orElseThrow();
        assertTrue(grant.isRevoked());
        assertTrue(grant.family().isEmpty(), "no refresh token was ever issued");
        assertEquals(1, fixture.grants.size());
    }

    @Test
    void exchangeWhenReplayComesLongAfterTheGrantWasForgottenThenInvalidGrant() {
        String code = fixture.issueCode();
        AuthorizationCode stored = fixture.codes.find(TokenHash.of(code)).orElseThrow();
        service.exchange(codeExchange(code));

        fixture.clock.set(fixture.codes.forgetAt(stored.hash()).orElseThrow());

        assertOAuthError(OAuthError.INVALID_GRANT, "authorization code is invalid or expired",
                () -> service.exchange(codeExchange(code)));
    }

    @Test
    void exchangeWhenWrongVerifierThenInvalidGrantAndNoGrant() {
        String code = fixture.issueCode();

        assertOAuthError(OAuthError.INVALID_GRANT, "code_verifier does not match the code_challenge",
                () -> service.exchange(new CodeExchange(ISSUER, PUBLIC_CLIENT, code, TestClients.REDIRECT_URI,
                        TestCodes.OTHER_VERIFIER, null)));
        assertEquals(0, fixture.grants.size());
    }

    @Test
    void exchangeWhenMalformedVerifierThenInvalidGrant() {
        String code = fixture.issueCode();

        assertOAuthError(OAuthError.INVALID_GRANT, () -> service.exchange(new CodeExchange(ISSUER, PUBLIC_CLIENT,
                code, TestClients.REDIRECT_URI, "too-short", null)));
    }

    @Test
    void exchangeWhenVerifierMissingThenInvalidRequest() {
        String code = fixture.issueCode();

        assertOAuthError(OAuthError.INVALID_REQUEST, "code_verifier is required (PKCE)",
                () -> service.exchange(new CodeExchange(ISSUER, PUBLIC_CLIENT, code, TestClients.REDIRECT_URI,
                        null, null)));
        assertOAuthError(OAuthError.INVALID_REQUEST, "code_verifier is required (PKCE)",
                () -> service.exchange(new CodeExchange(ISSUER, PUBLIC_CLIENT, code, TestClients.REDIRECT_URI,
                        "", null)));
        assertFalse(fixture.codes.find(TokenHash.of(code)).orElseThrow().redeemed());
    }

    @Test
    void exchangeWhenCodeMissingThenInvalidRequest() {
        assertOAuthError(OAuthError.INVALID_REQUEST, "code is required",
                () -> service.exchange(codeExchange(null)));
    }

    @Test
    void exchangeWhenUnknownCodeThenInvalidGrant() {
        assertOAuthError(OAuthError.INVALID_GRANT, "authorization code is invalid or expired",
                () -> service.exchange(codeExchange("no-such-code")));
    }

    @Test
    void exchangeWhenCodeExpiredThenInvalidGrant() {
        String code = fixture.issueCode();
        fixture.clock.advance(TestSettings.CODE_LIFETIME);

        assertOAuthError(OAuthError.INVALID_GRANT, "authorization code expired",
                () -> service.exchange(codeExchange(code)));
        assertEquals(0, fixture.grants.size());
    }

    @Test
    void exchangeWhenJustBeforeExpiryThenTokens() {
        String code = fixture.issueCode();
        fixture.clock.advance(TestSettings.CODE_LIFETIME.minusMillis(1));

        assertNotNull(service.exchange(codeExchange(code)).accessToken());
    }

    @Test
    void exchangeWhenRedirectUriDiffersThenInvalidGrant() {
        String code = fixture.issueCode();

        assertOAuthError(OAuthError.INVALID_GRANT, "redirect_uri does not match the authorization request",
                () -> service.exchange(new CodeExchange(ISSUER, PUBLIC_CLIENT, code, "https://client.example/other",
                        TestCodes.VERIFIER, null)));
    }

    @Test
    void exchangeWhenCodeOfAnotherClientThenInvalidGrant() {
        String code = fixture.issueCode();

        assertOAuthError(OAuthError.INVALID_GRANT, "authorization code was issued to another client",
                () -> service.exchange(new CodeExchange(ISSUER, ServiceFixture.CONFIDENTIAL_CLIENT, code,
                        TestClients.REDIRECT_URI, TestCodes.VERIFIER, null)));
        assertEquals(0, fixture.grants.size());
    }

    @Test
    void exchangeWhenResourceNotInTheCodeThenInvalidTarget() {
        String code = fixture.issueCode();

        assertOAuthError(OAuthError.INVALID_TARGET, () -> service.exchange(new CodeExchange(ISSUER, PUBLIC_CLIENT,
                code, TestClients.REDIRECT_URI, TestCodes.VERIFIER, List.of(TestSettings.DOCS_RESOURCE))));
        assertOAuthError(OAuthError.INVALID_TARGET, () -> service.exchange(new CodeExchange(ISSUER, PUBLIC_CLIENT,
                fixture.issueCode(), TestClients.REDIRECT_URI, TestCodes.VERIFIER, List.of("not a uri"))));
        assertEquals(0, fixture.grants.size());
    }

    @Test
    void exchangeWhenResourceNarrowsTheCodesThenTokenForThatResourceOnly() {
        String code = fixture.issueCode(ServiceFixture.alicesPending()
                .audiences(TestSettings.FILES_RESOURCE, TestSettings.DOCS_RESOURCE).build());

        TokenResponse response = service.exchange(new CodeExchange(ISSUER, PUBLIC_CLIENT, code,
                TestClients.REDIRECT_URI, TestCodes.VERIFIER, List.of(TestSettings.DOCS_RESOURCE)));

        assertEquals(List.of(new Audience(TestSettings.DOCS_RESOURCE)),
                fixture.accessTokens.claimsOf(response.accessToken()).audiences());
        GrantId grantId = RefreshToken.parse(response.refreshToken().orElseThrow()).orElseThrow().grantId();
        assertEquals(2, fixture.grants.find(grantId).orElseThrow().audiences().size(),
                "the grant keeps every consented resource");
    }

    @RepeatedTest(10)
    void exchangeWhenEightConcurrentRedemptionsThenAtMostOneSucceedsAndTheGrantEndsRevoked() throws Exception {
        String code = fixture.issueCode();

        List<Object> outcomes = Concurrently.run(8, () -> service.exchange(codeExchange(code)));

        int successes = 0;
        for (Object outcome : outcomes) {
            if (outcome instanceof TokenResponse) {
                successes++;
            } else {
                assertEquals(OAuthError.INVALID_GRANT, assertInstanceOf(OAuthException.class, outcome).error());
            }
        }
        assertTrue(successes <= 1, successes + " redemptions of one code succeeded");
        GrantId grantId = fixture.codes.find(TokenHash.of(code)).orElseThrow().grantId();
        assertTrue(fixture.grants.find(grantId).orElseThrow().isRevoked());
    }
}
