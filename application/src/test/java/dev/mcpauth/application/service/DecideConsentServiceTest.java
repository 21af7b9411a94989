package dev.mcpauth.application.service;

import dev.mcpauth.application.fakes.Concurrently;
import dev.mcpauth.application.port.in.AuthorizationResponse;
import dev.mcpauth.application.port.in.DecideConsentUseCase.ConsentDecision;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.consent.Consent;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.fixtures.TestClients;
import dev.mcpauth.domain.fixtures.TestPendingAuthorizations;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.TokenHash;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.mcpauth.application.service.ServiceFixture.ALICE;
import static dev.mcpauth.application.service.ServiceFixture.ISSUER;
import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecideConsentServiceTest {
    private static final String CSRF = TestPendingAuthorizations.CSRF_TOKEN;
    private static final String ID = TestPendingAuthorizations.ID;
    private static final String STATE = TestPendingAuthorizations.STATE;

    private ServiceFixture fixture = new ServiceFixture(TestSettings.settings().consent(true, false).build());
    private DecideConsentService service = fixture.decideConsent();

    private void saveLoggedInPending() {
        fixture.pendings.save(ServiceFixture.alicesPending().scope("files:read files:write").build());
    }

    @Test
    void decideWhenApprovedThenCodeWithStateAndIss() {
        saveLoggedInPending();

        AuthorizationResponse response = service.decide(decision(true));

        assertEquals(TestClients.REDIRECT_URI, response.redirectUri());
        assertEquals(STATE, response.parameters().get("state"));
        assertEquals(ISSUER, response.parameters().get("iss"));
        String code = response.parameters().get("code");
        assertEquals(ALICE, fixture.codes.find(TokenHash.of(code)).orElseThrow().subject());
        assertTrue(fixture.pendings.find(ID).isEmpty());
        assertEquals(0, fixture.consents.size(), "remember-consent is off");
    }

    @Test
    void decideWhenApprovedAndRememberingThenConsentSaved() {
        fixture = new ServiceFixture(TestSettings.settings().consent(true, true).build());
        service = fixture.decideConsent();
        saveLoggedInPending();

        service.decide(decision(true));

        assertEquals(new Consent(ALICE, new ClientId(TestClients.PUBLIC_CLIENT_ID),
                        Scopes.parse("files:read files:write")),
                fixture.consents.find(ALICE, new ClientId(TestClients.PUBLIC_CLIENT_ID)).orElseThrow());
    }

    @Test
    void decideWhenDeniedThenAccessDeniedRedirectWithStateAndIss() {
        saveLoggedInPending();

        AuthorizationResponse response = service.decide(decision(false));

        assertEquals(TestClients.REDIRECT_URI, response.redirectUri());
        assertEquals(Map.of("error", "access_denied", "error_description", "the user denied the request",
                "state", STATE, "iss", ISSUER), response.parameters());
        assertEquals(0, fixture.codes.size());
        assertTrue(fixture.pendings.find(ID).isEmpty());
    }

    @Test
    void decideWhenSecondDecisionOnSameRequestThenAccessDenied() {
        saveLoggedInPending();
        service.decide(decision(true));

        assertOAuthError(OAuthError.ACCESS_DENIED,
                "this sign-in request has expired or was already used; start again from your application",
                () -> service.decide(decision(true)));
        assertOAuthError(OAuthError.ACCESS_DENIED, () -> service.decide(decision(false)));
        assertEquals(1, fixture.codes.size());
    }

    @Test
    void decideWhenDeniedThenALaterApprovalIsRefused() {
        saveLoggedInPending();
        service.decide(decision(false));

        assertOAuthError(OAuthError.ACCESS_DENIED, () -> service.decide(decision(true)));
        assertEquals(0, fixture.codes.size());
    }

    @Test
    void decideWhenNotLoggedInThenAccessDeniedAndRequestKept() {
        fixture.pendings.save(TestPendingAuthorizations.pending().build());

        assertOAuthError(OAuthError.ACCESS_DENIED, "sign in before giving consent",
                () -> service.decide(decision(true)));
        assertTrue(fixture.pendings.find(ID).isPresent());
    }

    @Test
    void decideWhenCsrfTokenWrongThenAccessDeniedAndRequestKept() {
        saveLoggedInPending();

        assertOAuthError(OAuthError.ACCESS_DENIED,
                () -> service.decide(new ConsentDecision(ISSUER, ID, "forged", CSRF, true)));
        assertOAuthError(OAuthError.ACCESS_DENIED,
                () -> service.decide(new ConsentDecision(ISSUER, ID, CSRF, "forged", true)));
        assertTrue(fixture.pendings.find(ID).isPresent());
    }

    @Test
    void decideWhenRequestExpiredThenAccessDenied() {
        saveLoggedInPending();
        fixture.clock.advance(TestSettings.PENDING_LIFETIME);

        assertOAuthError(OAuthError.ACCESS_DENIED, () -> service.decide(decision(true)));
    }

    private static ConsentDecision decision(boolean approved) {
        return new ConsentDecision(ISSUER, ID, CSRF, CSRF, approved);
    }

    @Test
    void decideWhenEightConcurrentApprovalsThenExactlyOneCode() throws Exception {
        saveLoggedInPending();

        List<Object> outcomes = Concurrently.run(8, () -> service.decide(decision(true)));

        long codes = outcomes.stream().filter(AuthorizationResponse.class::isInstance).count();
        assertEquals(1, codes);
        assertEquals(1, fixture.codes.size());
        outcomes.stream().filter(o -> !(o instanceof AuthorizationResponse)).forEach(o ->
                assertEquals(OAuthError.ACCESS_DENIED, ((OAuthException) o).error()));
    }
}
