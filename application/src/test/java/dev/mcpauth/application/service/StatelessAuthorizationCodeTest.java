package dev.mcpauth.application.service;

import dev.mcpauth.application.fakes.Concurrently;
import dev.mcpauth.application.fakes.FakeSecretSealer;
import dev.mcpauth.application.fakes.InMemoryUsedTokens;
import dev.mcpauth.application.port.in.AuthenticateBearerUseCase.BearerToken;
import dev.mcpauth.application.port.in.ClientCredentials;
import dev.mcpauth.application.port.in.DecideConsentUseCase.ConsentDecision;
import dev.mcpauth.application.port.in.ExchangeAuthorizationCodeUseCase.CodeExchange;
import dev.mcpauth.application.port.in.LogInUseCase.LogIn;
import dev.mcpauth.application.port.in.LoginOutcome;
import dev.mcpauth.application.port.in.TokenResponse;
import dev.mcpauth.application.settings.AuthorizationServerSettings;
import dev.mcpauth.domain.authorization.PendingAuthorization;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.fixtures.TestClients;
import dev.mcpauth.domain.fixtures.TestCodes;
import dev.mcpauth.domain.fixtures.TestPendingAuthorizations;
import dev.mcpauth.domain.mode.SessionMode;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.AccessTokenClaims;
import dev.mcpauth.domain.token.AuthorizationCode;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.mcpauth.application.service.ServiceFixture.ALICE;
import static dev.mcpauth.application.service.ServiceFixture.ALICE_PASSWORD;
import static dev.mcpauth.application.service.ServiceFixture.ISSUER;
import static dev.mcpauth.application.service.ServiceFixture.PUBLIC_CLIENT;
import static dev.mcpauth.application.service.ServiceFixture.codeExchange;
import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Session-mode stateless: sealed, self-contained authorization codes, from the login page to the token endpoint. */
class StatelessAuthorizationCodeTest {
    private static final Pattern SEALED = Pattern.compile("[A-Za-z0-9_-]{8}\\.[A-Za-z0-9_-]+");
    private static final String INVALID = "authorization code is invalid or expired";
    private static final String ALREADY_USED = "authorization code was already used";

    private final ServiceFixture fixture =
            new ServiceFixture(TestSettings.settings().sessionMode(SessionMode.STATELESS).build());
    private final FakeSecretSealer sealer = new FakeSecretSealer();
    private final InMemoryUsedTokens usedTokens = new InMemoryUsedTokens(fixture.clock);
    private final CodeIssuer codeIssuer = new CodeIssuer(
            SealedAuthorizationCodes.forIssuing(sealer, fixture.clock, fixture.settings, "test"),
            fixture.generator, fixture.clock, fixture.settings.lifetimes().authorizationCode());
    private final ExchangeAuthorizationCodeService service = new ExchangeAuthorizationCodeService(fixture.clients,
            fixture.passwords, sealer, usedTokens, fixture.accessTokens, fixture.generator, fixture.clock,
            fixture.settings);

    private String issueCode() {
        return issueCode(ServiceFixture.alicesPending().build());
    }

    private String issueCode(PendingAuthorization pending) {
        return codeIssuer.issue(pending, ISSUER).parameters().get("code");
    }

    /** What the code value holds, opened as the token endpoint would. */
    private AuthorizationCode opened(String code) {
        return AuthorizationCodeCodec.decode(sealer.open(code, SealedAuthorizationCodes.PURPOSE).orElseThrow())
                .orElseThrow();
    }

    @Test
    void exchangeWhenValidThenAccessTokenWithoutRefreshTokenOrSidAndNothingStored() {
        String code = issueCode(ServiceFixture.alicesPending().scope("files:read openid").build());

        TokenResponse response = service.exchange(codeExchange(code));

        assertEquals(Optional.empty(), response.refreshToken());
        assertEquals(Scopes.parse("files:read openid"), response.scope());
        assertEquals(TestSettings.ACCESS_TOKEN_LIFETIME.toSeconds(), response.expiresInSeconds());
        AccessTokenClaims claims = fixture.accessTokens.claimsOf(response.accessToken());
        assertEquals(Optional.empty(), claims.sessionId());
        assertEquals(ISSUER, claims.issuer());
        assertEquals(ALICE, claims.subject());
        assertEquals(TestClients.PUBLIC_CLIENT_ID, claims.clientId().value());
        assertEquals(List.of(new Audience(TestSettings.FILES_RESOURCE)), claims.audiences());
        assertEquals(Scopes.parse("files:read openid"), claims.scope());
        assertEquals(0, fixture.codes.size(), "no code stored");
        assertEquals(0, fixture.grants.size(), "no grant stored");
        assertEquals(1, usedTokens.size(), "only the first use is recorded");
        // the token authenticates, with nothing to look up
        assertEquals(claims, fixture.bearer().authenticate(new BearerToken(ISSUER, response.accessToken(),
                Optional.of(new Audience(TestSettings.FILES_RESOURCE)))));
    }

    @Test
    void issueWhenStatelessThenTheValueIsTheSealedCodeAndNothingIsStored() {
        PendingAuthorization pending = ServiceFixture.alicesPending().build();

        String code = issueCode(pending);

        assertTrue(SEALED.matcher(code).matches(), code);
        assertFalse(code.contains(ALICE) || code.contains("client.example"), "the code reveals nothing: " + code);
        assertEquals(0, fixture.codes.size());
        assertEquals(0, usedTokens.size());
        AuthorizationCode sealed = opened(code);
        assertEquals(pending.clientId(), sealed.clientId());
        assertEquals(pending.redirectUri(), sealed.redirectUri());
        assertEquals(pending.challenge(), sealed.challenge());
        assertEquals(pending.scopes(), sealed.scopes());
        assertEquals(pending.audiences(), sealed.audiences());
        assertEquals(ALICE, sealed.subject());
        assertEquals(fixture.clock.instant(), sealed.issuedAt());
        assertEquals(fixture.clock.instant().plus(TestSettings.CODE_LIFETIME), sealed.expiresAt(),
                "the configured authorization-code lifetime");
        assertFalse(sealed.redeemed());
    }

    @Test
    void issueWhenTwiceThenDistinctCodesWithDistinctIds() {
        String a = issueCode();
        String b = issueCode();

        assertFalse(a.equals(b));
        assertFalse(opened(a).hash().equals(opened(b).hash()));
    }

    @Test
    void exchangeWhenRedeemedTwiceThenInvalidGrantAndNothingToRevoke() {
        String code = issueCode();
        TokenResponse first = service.exchange(codeExchange(code));

        assertOAuthError(OAuthError.INVALID_GRANT, ALREADY_USED, () -> service.exchange(codeExchange(code)));
        assertOAuthError(OAuthError.INVALID_GRANT, ALREADY_USED, () -> service.exchange(codeExchange(code)));

        // Stateless: the first token has no sid and no grant behind it, so it lives out its lifetime.
        assertEquals(0, fixture.grants.size());
        assertEquals(ALICE, fixture.bearer().authenticate(new BearerToken(ISSUER, first.accessToken(),
                Optional.empty())).subject());
    }

    @Test
    void exchangeWhenReplayedByAnotherClientThenInvalidGrant() {
        String code = issueCode();
        service.exchange(codeExchange(code));

        assertOAuthError(OAuthError.INVALID_GRANT, ALREADY_USED, () -> service.exchange(new CodeExchange(ISSUER,
                ServiceFixture.CONFIDENTIAL_CLIENT, code, TestClients.REDIRECT_URI, TestCodes.VERIFIER, null)));
    }

    @Test
    void exchangeWhenRedeemedThenFirstUseRememberedUntilExpiryPlusReplayMemory() {
        String code = issueCode();
        AuthorizationCode sealed = opened(code);

        service.exchange(codeExchange(code));

        assertEquals(Optional.of(sealed.expiresAt().plus(CodeIssuer.REPLAY_MEMORY)),
                usedTokens.forgetAt(sealed.hash()));
    }

    @Test
    void exchangeWhenAnyCharacterOfTheCodeChangedThenInvalidGrantAndNothingRecorded() {
        String code = issueCode();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            char other = c == '.' ? 'A' : alphabet.charAt((alphabet.indexOf(c) + 1) % alphabet.length());
            String tampered = code.substring(0, i) + other + code.substring(i + 1);

            assertOAuthError(OAuthError.INVALID_GRANT, INVALID, () -> service.exchange(codeExchange(tampered)));
        }
        assertEquals(0, usedTokens.size());
        assertEquals(ALICE, fixture.accessTokens.claimsOf(service.exchange(codeExchange(code)).accessToken())
                .subject(), "the genuine code still works");
    }

    @Test
    void exchangeWhenTruncatedOrExtendedThenInvalidGrant() {
        String code = issueCode();

        assertOAuthError(OAuthError.INVALID_GRANT, INVALID,
                () -> service.exchange(codeExchange(code.substring(0, code.length() - 1))));
        assertOAuthError(OAuthError.INVALID_GRANT, INVALID, () -> service.exchange(codeExchange(code + "A")));
        assertOAuthError(OAuthError.INVALID_GRANT, INVALID, () -> service.exchange(codeExchange(code + "==")));
    }

    @Test
    void exchangeWhenSealedForAnotherPurposeOrUnderAnotherKeyThenInvalidGrant() {
        AuthorizationCode code = TestCodes.code().issuedAt(fixture.clock.instant()).build();
        String asSession = sealer.seal(AuthorizationCodeCodec.encode(code), SealedSessionCodec.PURPOSE);
        String otherKey = new FakeSecretSealer().seal(AuthorizationCodeCodec.encode(code),
                SealedAuthorizationCodes.PURPOSE);
        String notACode = sealer.seal("v=1".getBytes(StandardCharsets.UTF_8),
                SealedAuthorizationCodes.PURPOSE);

        assertOAuthError(OAuthError.INVALID_GRANT, INVALID, () -> service.exchange(codeExchange(asSession)));
        assertOAuthError(OAuthError.INVALID_GRANT, INVALID, () -> service.exchange(codeExchange(otherKey)));
        assertOAuthError(OAuthError.INVALID_GRANT, INVALID, () -> service.exchange(codeExchange(notACode)));
        assertEquals(0, usedTokens.size());
    }

    @Test
    void exchangeWhenUnknownOrStatefulLookingValueThenInvalidGrant() {
        assertOAuthError(OAuthError.INVALID_GRANT, INVALID, () -> service.exchange(codeExchange("no-such-code")));
        assertOAuthError(OAuthError.INVALID_GRANT, INVALID,
                () -> service.exchange(codeExchange(fixture.generator.newSecret())));
    }

    @Test
    void exchangeWhenCodeExpiredThenInvalidGrant() {
        String code = issueCode();
        fixture.clock.advance(TestSettings.CODE_LIFETIME);

        assertOAuthError(OAuthError.INVALID_GRANT, "authorization code expired",
                () -> service.exchange(codeExchange(code)));
        assertOAuthError(OAuthError.INVALID_GRANT, ALREADY_USED, () -> service.exchange(codeExchange(code)));
    }

    @Test
    void exchangeWhenExpiredLongerThanTheReplayMemoryThenInvalidGrantAndNothingRecorded() {
        String code = issueCode();
        fixture.clock.advance(TestSettings.CODE_LIFETIME.plus(CodeIssuer.REPLAY_MEMORY));

        assertOAuthError(OAuthError.INVALID_GRANT, INVALID, () -> service.exchange(codeExchange(code)));
        assertEquals(0, usedTokens.size());
    }

    @Test
    void exchangeWhenJustBeforeExpiryThenTokens() {
        String code = issueCode();
        fixture.clock.advance(TestSettings.CODE_LIFETIME.minusMillis(1));

        assertTrue(service.exchange(codeExchange(code)).refreshToken().isEmpty());
    }

    @Test
    void exchangeWhenCodeOfAnotherClientThenInvalidGrant() {
        String code = issueCode();

        assertOAuthError(OAuthError.INVALID_GRANT, "authorization code was issued to another client",
                () -> service.exchange(new CodeExchange(ISSUER, ServiceFixture.CONFIDENTIAL_CLIENT, code,
                        TestClients.REDIRECT_URI, TestCodes.VERIFIER, null)));
        // Like a stored code, it was used up by the attempt (OAuth 2.1 §4.1.3: the code is bound to its client).
        assertOAuthError(OAuthError.INVALID_GRANT, ALREADY_USED, () -> service.exchange(codeExchange(code)));
    }

    @Test
    void exchangeWhenConfidentialClientsOwnCodeThenTokens() {
        String code = issueCode(ServiceFixture.alicesPending().clientId(TestClients.CONFIDENTIAL_CLIENT_ID).build());

        TokenResponse response = service.exchange(new CodeExchange(ISSUER, ServiceFixture.CONFIDENTIAL_CLIENT, code,
                TestClients.REDIRECT_URI, TestCodes.VERIFIER, null));

        assertEquals(TestClients.CONFIDENTIAL_CLIENT_ID,
                fixture.accessTokens.claimsOf(response.accessToken()).clientId().value());
    }

    @Test
    void exchangeWhenWrongVerifierThenInvalidGrant() {
        String code = issueCode();

        assertOAuthError(OAuthError.INVALID_GRANT, "code_verifier does not match the code_challenge",
                () -> service.exchange(new CodeExchange(ISSUER, PUBLIC_CLIENT, code, TestClients.REDIRECT_URI,
                        TestCodes.OTHER_VERIFIER, null)));
        assertOAuthError(OAuthError.INVALID_GRANT, () -> service.exchange(new CodeExchange(ISSUER, PUBLIC_CLIENT,
                issueCode(), TestClients.REDIRECT_URI, "too-short", null)));
    }

    @Test
    void exchangeWhenVerifierMissingThenInvalidRequestAndCodeStillUnused() {
        String code = issueCode();

        assertOAuthError(OAuthError.INVALID_REQUEST, "code_verifier is required (PKCE)",
                () -> service.exchange(new CodeExchange(ISSUER, PUBLIC_CLIENT, code, TestClients.REDIRECT_URI,
                        null, null)));

        assertEquals(0, usedTokens.size());
        assertTrue(service.exchange(codeExchange(code)).refreshToken().isEmpty());
    }

    @Test
    void exchangeWhenClientAuthenticationFailsThenInvalidClientAndCodeStillUnused() {
        String code = issueCode(ServiceFixture.alicesPending().clientId(TestClients.CONFIDENTIAL_CLIENT_ID).build());

        assertOAuthError(OAuthError.INVALID_CLIENT, () -> service.exchange(new CodeExchange(ISSUER,
                new ClientCredentials.Basic(TestClients.CONFIDENTIAL_CLIENT_ID, "wrong"), code,
                TestClients.REDIRECT_URI, TestCodes.VERIFIER, null)));

        assertEquals(0, usedTokens.size());
    }

    @Test
    void exchangeWhenRedirectUriDiffersThenInvalidGrant() {
        String code = issueCode();

        assertOAuthError(OAuthError.INVALID_GRANT, "redirect_uri does not match the authorization request",
                () -> service.exchange(new CodeExchange(ISSUER, PUBLIC_CLIENT, code, "https://client.example/other",
                        TestCodes.VERIFIER, null)));
    }

    @Test
    void exchangeWhenResourceNarrowsTheCodesThenTokenForThatResourceOnly() {
        String code = issueCode(ServiceFixture.alicesPending()
                .audiences(TestSettings.FILES_RESOURCE, TestSettings.DOCS_RESOURCE).build());

        TokenResponse response = service.exchange(new CodeExchange(ISSUER, PUBLIC_CLIENT, code,
                TestClients.REDIRECT_URI, TestCodes.VERIFIER, List.of(TestSettings.DOCS_RESOURCE)));

        assertEquals(List.of(new Audience(TestSettings.DOCS_RESOURCE)),
                fixture.accessTokens.claimsOf(response.accessToken()).audiences());
    }

    @RepeatedTest(5)
    void exchangeWhenSixteenConcurrentRedemptionsThenExactlyOneSucceeds() throws Exception {
        String code = issueCode();

        List<Object> outcomes = Concurrently.run(16, () -> service.exchange(codeExchange(code)));

        int successes = 0;
        for (Object outcome : outcomes) {
            if (outcome instanceof TokenResponse) {
                successes++;
            } else {
                OAuthException e = assertInstanceOf(OAuthException.class, outcome);
                assertEquals(OAuthError.INVALID_GRANT, e.error());
                assertEquals(ALREADY_USED, e.description());
            }
        }
        assertEquals(1, successes);
    }

    @Test
    void logInWhenStatelessThenSealedCodeThatTheTokenEndpointRedeems() {
        fixture.pendings.save(TestPendingAuthorizations.pending().scope("files:read")
                .audiences(TestSettings.FILES_RESOURCE).build());
        LogInService logIn = new LogInService(fixture.pendings, fixture.users, fixture.passwords, fixture.failures,
                fixture.consents, fixture.clients, sealer, fixture.generator, fixture.clock, fixture.settings);

        LoginOutcome outcome = logIn.logIn(new LogIn(ISSUER, TestPendingAuthorizations.ID,
                TestPendingAuthorizations.CSRF_TOKEN, TestPendingAuthorizations.CSRF_TOKEN, ALICE,
                ALICE_PASSWORD.toCharArray(), "203.0.113.7"));

        String code = assertInstanceOf(LoginOutcome.Completed.class, outcome).response().parameters().get("code");
        assertTrue(SEALED.matcher(code).matches(), code);
        assertEquals(0, fixture.codes.size());
        assertEquals(ALICE, fixture.accessTokens.claimsOf(service.exchange(codeExchange(code)).accessToken())
                .subject());
    }

    @Test
    void decideConsentWhenStatelessThenSealedCodeThatTheTokenEndpointRedeems() {
        ServiceFixture consenting = new ServiceFixture(TestSettings.settings().sessionMode(SessionMode.STATELESS)
                .consent(true, false).build());
        consenting.pendings.save(ServiceFixture.alicesPending().scope("files:read files:write").build());
        DecideConsentService decide = new DecideConsentService(consenting.pendings, consenting.consents, sealer,
                consenting.generator, consenting.clock, consenting.settings);

        String code = decide.decide(new ConsentDecision(ISSUER, TestPendingAuthorizations.ID,
                TestPendingAuthorizations.CSRF_TOKEN, TestPendingAuthorizations.CSRF_TOKEN, true))
                .parameters().get("code");

        assertEquals(0, consenting.codes.size());
        assertEquals(Scopes.parse("files:read files:write"), service.exchange(codeExchange(code)).scope());
    }

    @Test
    void constructorsWhenStatefulSettingsThenRefused() {
        ServiceFixture stateful = new ServiceFixture();
        AuthorizationServerSettings settings = stateful.settings;

        IllegalArgumentException exchange = assertThrows(IllegalArgumentException.class,
                () -> new ExchangeAuthorizationCodeService(stateful.clients, stateful.passwords, sealer, usedTokens,
                        stateful.accessTokens, stateful.generator, stateful.clock, settings));
        assertThrows(IllegalArgumentException.class, () -> new LogInService(stateful.pendings, stateful.users,
                stateful.passwords, stateful.failures, stateful.consents, stateful.clients, sealer,
                stateful.generator, stateful.clock, settings));
        assertThrows(IllegalArgumentException.class, () -> new DecideConsentService(stateful.pendings,
                stateful.consents, sealer, stateful.generator, stateful.clock, settings));
        assertTrue(exchange.getMessage().contains("stateless"), exchange.getMessage());
    }
}
