package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.AuthorizationResponse;
import dev.mcpauth.domain.authorization.PendingAuthorization;
import dev.mcpauth.domain.fixtures.TestPendingAuthorizations;
import dev.mcpauth.domain.token.AuthorizationCode;
import dev.mcpauth.domain.token.TokenHash;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static dev.mcpauth.application.service.ServiceFixture.ISSUER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CodeIssuerTest {
    private final ServiceFixture fixture = new ServiceFixture();

    @Test
    void issueWhenLoggedInThenCodeStoredByHashAndRemembered10MinutesPastExpiry() {
        PendingAuthorization pending = ServiceFixture.alicesPending().build();

        AuthorizationResponse response = fixture.codeIssuer.issue(pending, ISSUER);

        String value = response.parameters().get("code");
        assertEquals(Map.of("code", value, "state", TestPendingAuthorizations.STATE, "iss", ISSUER),
                response.parameters());
        AuthorizationCode code = fixture.codes.find(TokenHash.of(value)).orElseThrow();
        assertEquals(TokenHash.of(value), code.hash());
        assertEquals(pending.redirectUri(), code.redirectUri());
        assertEquals(pending.redirectUriInRequest(), code.redirectUriInRequest());
        assertEquals(fixture.clock.instant().plus(TestSettings.CODE_LIFETIME), code.expiresAt());
        assertEquals(Optional.of(code.expiresAt().plus(CodeIssuer.REPLAY_MEMORY)), fixture.codes.forgetAt(code.hash()));
        assertFalse(code.redeemed());
    }

    @Test
    void issueWhenTwiceThenDistinctCodesAndGrants() {
        PendingAuthorization pending = ServiceFixture.alicesPending().build();
        String a = fixture.codeIssuer.issue(pending, ISSUER).parameters().get("code");
        String b = fixture.codeIssuer.issue(pending, ISSUER).parameters().get("code");

        assertNotEquals(a, b);
        assertNotEquals(fixture.codes.find(TokenHash.of(a)).orElseThrow().grantId(),
                fixture.codes.find(TokenHash.of(b)).orElseThrow().grantId());
    }

    @Test
    void issueWhenNoStateThenResponseWithoutState() {
        AuthorizationResponse response = fixture.codeIssuer.issue(ServiceFixture.alicesPending().state(null).build(),
                ISSUER);

        assertFalse(response.parameters().containsKey("state"));
    }

    @Test
    void issueWhenNotLoggedInThenRefused() {
        assertThrows(RuntimeException.class,
                () -> fixture.codeIssuer.issue(TestPendingAuthorizations.pending().build(), ISSUER));
        assertEquals(0, fixture.codes.size());
    }
}
