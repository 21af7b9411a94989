package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.AuthorizationResponse;
import dev.mcpauth.application.port.in.LogInUseCase.LogIn;
import dev.mcpauth.application.port.in.LoginOutcome;
import dev.mcpauth.domain.authorization.PendingAuthorization;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.consent.Consent;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.fixtures.TestClients;
import dev.mcpauth.domain.fixtures.TestPendingAuthorizations;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.AuthorizationCode;
import dev.mcpauth.domain.token.TokenHash;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static dev.mcpauth.application.service.ServiceFixture.ALICE;
import static dev.mcpauth.application.service.ServiceFixture.ALICE_PASSWORD;
import static dev.mcpauth.application.service.ServiceFixture.ISSUER;
import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogInServiceTest {
    private static final String CSRF = TestPendingAuthorizations.CSRF_TOKEN;
    private static final String PENDING_ID = TestPendingAuthorizations.ID;
    private static final String ADDRESS = "203.0.113.7";

    private ServiceFixture fixture = new ServiceFixture();
    private LogInService service = fixture.logIn();

    private void useSettings(TestSettings.Builder settings) {
        fixture = new ServiceFixture(settings.build());
        service = fixture.logIn();
    }

    private PendingAuthorization savePending() {
        PendingAuthorization pending = TestPendingAuthorizations.pending().scope("files:read")
                .audiences(TestSettings.FILES_RESOURCE).build();
        fixture.pendings.save(pending);
        return pending;
    }

    @Test
    void logInWhenWrongPasswordThenRejectedAndPendingKept() {
        PendingAuthorization pending = savePending();

        LoginOutcome outcome = service.logIn(logIn(ALICE, "wrong"));

        assertEquals(pending, assertInstanceOf(LoginOutcome.Rejected.class, outcome).pending());
        assertEquals(Optional.of(pending), fixture.pendings.find(PENDING_ID));
        assertEquals(0, fixture.codes.size());
        assertEquals(1, fixture.passwords.verifications());
    }

    @Test
    void logInWhenMaxFailuresReachedThenThrottledEvenWithTheRightPassword() {
        savePending();
        assertInstanceOf(LoginOutcome.Rejected.class, service.logIn(logIn(ALICE, "wrong-1")));
        assertInstanceOf(LoginOutcome.Rejected.class, service.logIn(logIn(ALICE, "wrong-2")));
        // the third failure reaches maxFailuresPerUser = 3
        LoginOutcome third = service.logIn(logIn(ALICE, "wrong-3"));
        assertInstanceOf(LoginOutcome.Throttled.class, third);
        int verificationsSoFar = fixture.passwords.verifications();
        fixture.clock.advance(Duration.ofMinutes(1));

        LoginOutcome outcome = service.logIn(logIn(ALICE, ALICE_PASSWORD));

        LoginOutcome.Throttled throttled = assertInstanceOf(LoginOutcome.Throttled.class, outcome);
        assertTrue(throttled.retryAfter().compareTo(Duration.ZERO) > 0);
        assertEquals(TestSettings.THROTTLE_WINDOW.minusMinutes(1), throttled.retryAfter());
        assertEquals(verificationsSoFar, fixture.passwords.verifications(), "a throttled login checks no password");
        assertEquals(0, fixture.codes.size());
    }

    @Test
    void logInWhenThrottleWindowEndedThenRightPasswordWorksAgain() {
        savePending();
        for (int i = 0; i < 3; i++) {
            service.logIn(logIn(ALICE, "wrong"));
        }
        fixture.clock.advance(TestSettings.THROTTLE_WINDOW);
        // a new sign-in request: the first one expired meanwhile
        fixture.pendings.save(TestPendingAuthorizations.pending()
                .expiresAt(fixture.clock.instant().plus(TestSettings.PENDING_LIFETIME)).build());

        assertInstanceOf(LoginOutcome.Completed.class, service.logIn(logIn(ALICE, ALICE_PASSWORD)));
    }

    @Test
    void logInWhenUsernameDiffersOnlyInCaseThenSameThrottle() {
        savePending();
        for (int i = 0; i < 3; i++) {
            service.logIn(logIn(i % 2 == 0 ? "ALICE" : " Alice ", "wrong"));
        }

        assertInstanceOf(LoginOutcome.Throttled.class, service.logIn(logIn(ALICE, ALICE_PASSWORD)));
    }

    @Test
    void logInWhenManyUsernamesFailFromOneAddressThenAddressThrottled() {
        useSettings(TestSettings.settings().maxFailures(100, 4));
        savePending();
        for (int i = 0; i < 4; i++) {
            service.logIn(logIn("user" + i, "wrong"));
        }

        LoginOutcome outcome = service.logIn(logIn(ALICE, ALICE_PASSWORD));

        assertInstanceOf(LoginOutcome.Throttled.class, outcome);
        // another address is not affected
        assertInstanceOf(LoginOutcome.Completed.class,
                service.logIn(new LogIn(ISSUER, PENDING_ID, CSRF, CSRF, ALICE, ALICE_PASSWORD.toCharArray(),
                        "198.51.100.1")));
    }

    @Test
    void logInWhenSuccessThenUserFailuresReset() {
        savePending();
        service.logIn(logIn(ALICE, "wrong"));
        service.logIn(logIn(ALICE, "wrong"));
        assertInstanceOf(LoginOutcome.Completed.class, service.logIn(logIn(ALICE, ALICE_PASSWORD)));

        assertEquals(0, fixture.failures.current("login:user:alice").failures());
    }

    @Test
    void logInWhenUnknownUserThenDummyVerificationAndRejected() {
        savePending();

        LoginOutcome outcome = service.logIn(logIn("mallory", "whatever"));

        assertInstanceOf(LoginOutcome.Rejected.class, outcome);
        assertEquals(1, fixture.passwords.dummyVerifications());
        assertEquals(0, fixture.passwords.verifications());
    }

    @Test
    void logInWhenEmptyUsernameThenDummyVerificationAndRejected() {
        savePending();

        assertInstanceOf(LoginOutcome.Rejected.class, service.logIn(logIn("  ", "x")));
        assertInstanceOf(LoginOutcome.Rejected.class,
                service.logIn(new LogIn(ISSUER, PENDING_ID, CSRF, CSRF, null, null, ADDRESS)));

        assertEquals(2, fixture.passwords.dummyVerifications());
    }

    @Test
    void logInWhenCsrfTokenWrongThenAccessDeniedAndNothingCounted() {
        savePending();

        assertOAuthError(OAuthError.ACCESS_DENIED,
                () -> service.logIn(new LogIn(ISSUER, PENDING_ID, "forged", CSRF, ALICE, ALICE_PASSWORD.toCharArray(),
                        ADDRESS)));
        assertOAuthError(OAuthError.ACCESS_DENIED,
                () -> service.logIn(new LogIn(ISSUER, PENDING_ID, CSRF, null, ALICE, ALICE_PASSWORD.toCharArray(),
                        ADDRESS)));

        assertEquals(0, fixture.passwords.verifications());
        assertEquals(0, fixture.failures.current("login:user:alice").failures());
    }

    @Test
    void logInWhenUnknownOrExpiredRequestThenAccessDenied() {
        assertOAuthError(OAuthError.ACCESS_DENIED, () -> service.logIn(logIn(ALICE, ALICE_PASSWORD)));
        PendingAuthorization pending = savePending();
        fixture.clock.set(pending.expiresAt());

        assertOAuthError(OAuthError.ACCESS_DENIED,
                "this sign-in request has expired or was already used; start again from your application",
                () -> service.logIn(logIn(ALICE, ALICE_PASSWORD)));
    }

    @Test
    void logInWhenConsentDisabledThenCompletedWithCodeStateAndIss() {
        PendingAuthorization pending = savePending();

        LoginOutcome outcome = service.logIn(logIn(ALICE, ALICE_PASSWORD));

        AuthorizationResponse response = assertInstanceOf(LoginOutcome.Completed.class, outcome).response();
        assertEquals(TestClients.REDIRECT_URI, response.redirectUri());
        assertEquals(TestPendingAuthorizations.STATE, response.parameters().get("state"));
        assertEquals(ISSUER, response.parameters().get("iss"));
        String code = response.parameters().get("code");
        assertEquals(43, code.length());
        AuthorizationCode stored = fixture.codes.find(TokenHash.of(code)).orElseThrow();
        assertEquals(ALICE, stored.subject());
        assertEquals(pending.clientId(), stored.clientId());
        assertEquals(pending.challenge(), stored.challenge());
        assertEquals(pending.scopes(), stored.scopes());
        assertEquals(pending.audiences(), stored.audiences());
        assertEquals(fixture.clock.instant().plus(TestSettings.CODE_LIFETIME), stored.expiresAt());
        assertFalse(stored.redeemed());
        assertTrue(fixture.pendings.find(PENDING_ID).isEmpty(), "the request completes once");
    }

    @Test
    void logInWhenCompletedThenTheSameRequestCannotLogInAgain() {
        savePending();
        service.logIn(logIn(ALICE, ALICE_PASSWORD));

        assertOAuthError(OAuthError.ACCESS_DENIED, () -> service.logIn(logIn(ALICE, ALICE_PASSWORD)));
    }

    @Test
    void logInWhenConsentEnabledThenConsentRequiredAndPendingAuthenticated() {
        useSettings(TestSettings.settings().consent(true, false));
        savePending();

        LoginOutcome outcome = service.logIn(logIn(ALICE, ALICE_PASSWORD));

        LoginOutcome.ConsentRequired required = assertInstanceOf(LoginOutcome.ConsentRequired.class, outcome);
        assertEquals(Optional.of(ALICE), required.pending().subject());
        assertEquals(TestClients.PUBLIC_CLIENT_ID, required.clientName());
        assertEquals(Optional.of(ALICE), fixture.pendings.find(PENDING_ID).orElseThrow().subject());
        assertEquals(0, fixture.codes.size());
    }

    @Test
    void logInWhenConsentEnabledAndClientHasNameThenConsentShowsIt() {
        useSettings(TestSettings.settings().consent(true, false));
        fixture.clients.add(TestClients.publicClient().name("Claude Desktop").build());
        savePending();

        LoginOutcome outcome = service.logIn(logIn(ALICE, ALICE_PASSWORD));

        assertEquals("Claude Desktop", assertInstanceOf(LoginOutcome.ConsentRequired.class, outcome).clientName());
    }

    @Test
    void logInWhenRememberedConsentCoversTheScopesThenCompleted() {
        useSettings(TestSettings.settings().consent(true, true));
        fixture.consents.save(new Consent(ALICE, new ClientId(TestClients.PUBLIC_CLIENT_ID),
                Scopes.parse("files:read files:write")), Instant.MAX);
        savePending();

        assertInstanceOf(LoginOutcome.Completed.class, service.logIn(logIn(ALICE, ALICE_PASSWORD)));
    }

    @Test
    void logInWhenRememberedConsentDoesNotCoverTheScopesThenConsentRequired() {
        useSettings(TestSettings.settings().consent(true, true));
        fixture.consents.save(new Consent(ALICE, new ClientId(TestClients.PUBLIC_CLIENT_ID),
                Scopes.parse("docs:read")), Instant.MAX);
        savePending();

        assertInstanceOf(LoginOutcome.ConsentRequired.class, service.logIn(logIn(ALICE, ALICE_PASSWORD)));
    }

    @Test
    void logInWhenConsentStoredButRememberingDisabledThenConsentRequired() {
        useSettings(TestSettings.settings().consent(true, false));
        fixture.consents.save(new Consent(ALICE, new ClientId(TestClients.PUBLIC_CLIENT_ID),
                Scopes.parse("files:read")), Instant.MAX);
        savePending();

        assertInstanceOf(LoginOutcome.ConsentRequired.class, service.logIn(logIn(ALICE, ALICE_PASSWORD)));
    }

    @Test
    void logInWhenDoneThenPasswordArrayCleared() {
        savePending();
        char[] password = ALICE_PASSWORD.toCharArray();

        service.logIn(new LogIn(ISSUER, PENDING_ID, CSRF, CSRF, ALICE, password, ADDRESS));

        assertArrayEquals(new char[password.length], password);
    }

    private static LogIn logIn(String username, String password) {
        return new LogIn(ISSUER, PENDING_ID, CSRF, CSRF, username, password.toCharArray(), ADDRESS);
    }
}
