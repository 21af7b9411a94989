package dev.mcpauth.domain.token;

import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.fixtures.MutableClock;
import dev.mcpauth.domain.fixtures.TestClients;
import dev.mcpauth.domain.fixtures.TestCodes;
import dev.mcpauth.domain.pkce.CodeVerifier;
import dev.mcpauth.domain.resource.Audience;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthorizationCodeTest {
    private static final ClientId CLIENT = new ClientId(TestClients.PUBLIC_CLIENT_ID);
    private static final CodeVerifier VERIFIER = new CodeVerifier(TestCodes.VERIFIER);
    private static final Instant ISSUED = MutableClock.START;

    @Test
    void checkExchangeWhenEverythingMatchesThenAccepted() {
        AuthorizationCode code = TestCodes.code().build();

        assertDoesNotThrow(() -> code.checkExchange(CLIENT, TestClients.REDIRECT_URI, VERIFIER,
                ISSUED.plusSeconds(59)));
    }

    @Test
    void checkExchangeWhenExactlyAtExpiryThenInvalidGrant() {
        AuthorizationCode code = TestCodes.code().lifetime(Duration.ofSeconds(60)).build();

        assertOAuthError(OAuthError.INVALID_GRANT, "authorization code expired",
                () -> code.checkExchange(CLIENT, TestClients.REDIRECT_URI, VERIFIER, code.expiresAt()));
    }

    @Test
    void checkExchangeWhenAfterExpiryThenInvalidGrant() {
        AuthorizationCode code = TestCodes.code().build();

        assertOAuthError(OAuthError.INVALID_GRANT, "authorization code expired",
                () -> code.checkExchange(CLIENT, TestClients.REDIRECT_URI, VERIFIER, ISSUED.plusSeconds(3600)));
    }

    @Test
    void checkExchangeWhenJustBeforeExpiryThenAccepted() {
        AuthorizationCode code = TestCodes.code().build();

        assertDoesNotThrow(() -> code.checkExchange(CLIENT, TestClients.REDIRECT_URI, VERIFIER,
                code.expiresAt().minusMillis(1)));
    }

    @Test
    void checkExchangeWhenOtherClientThenInvalidGrant() {
        AuthorizationCode code = TestCodes.code().build();

        assertOAuthError(OAuthError.INVALID_GRANT, "authorization code was issued to another client",
                () -> code.checkExchange(new ClientId("other-client"), TestClients.REDIRECT_URI, VERIFIER, ISSUED));
    }

    @Test
    void checkExchangeWhenRedirectUriInRequestAndDifferentThenInvalidGrant() {
        AuthorizationCode code = TestCodes.code().redirectUriInRequest(true).build();

        assertOAuthError(OAuthError.INVALID_GRANT, "redirect_uri does not match the authorization request",
                () -> code.checkExchange(CLIENT, "https://client.example/other", VERIFIER, ISSUED));
        assertOAuthError(OAuthError.INVALID_GRANT, "redirect_uri does not match the authorization request",
                () -> code.checkExchange(CLIENT, TestClients.REDIRECT_URI + "/", VERIFIER, ISSUED));
    }

    @Test
    void checkExchangeWhenRedirectUriInRequestButMissingThenInvalidGrant() {
        AuthorizationCode code = TestCodes.code().redirectUriInRequest(true).build();

        assertOAuthError(OAuthError.INVALID_GRANT, "redirect_uri does not match the authorization request",
                () -> code.checkExchange(CLIENT, null, VERIFIER, ISSUED));
    }

    @Test
    void checkExchangeWhenRedirectUriNotInRequestAndOmittedThenAccepted() {
        AuthorizationCode code = TestCodes.code().redirectUriInRequest(false).build();

        assertDoesNotThrow(() -> code.checkExchange(CLIENT, null, VERIFIER, ISSUED));
        assertDoesNotThrow(() -> code.checkExchange(CLIENT, TestClients.REDIRECT_URI, VERIFIER, ISSUED));
    }

    @Test
    void checkExchangeWhenRedirectUriNotInRequestButAnotherPresentedThenInvalidGrant() {
        AuthorizationCode code = TestCodes.code().redirectUriInRequest(false).build();

        assertOAuthError(OAuthError.INVALID_GRANT, "redirect_uri does not match the authorization request",
                () -> code.checkExchange(CLIENT, "https://evil.example/cb", VERIFIER, ISSUED));
    }

    @Test
    void checkExchangeWhenWrongVerifierThenInvalidGrant() {
        AuthorizationCode code = TestCodes.code().build();

        assertOAuthError(OAuthError.INVALID_GRANT, "code_verifier does not match the code_challenge",
                () -> code.checkExchange(CLIENT, TestClients.REDIRECT_URI, new CodeVerifier(TestCodes.OTHER_VERIFIER),
                        ISSUED));
    }

    @Test
    void constructorWhenLifetimeIsTenMinutesThenAccepted() {
        AuthorizationCode code = TestCodes.code().lifetime(AuthorizationCode.MAX_LIFETIME).build();

        assertEquals(ISSUED.plus(Duration.ofMinutes(10)), code.expiresAt());
    }

    @Test
    void constructorWhenLifetimeOverTenMinutesThenRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> TestCodes.code().lifetime(Duration.ofMinutes(10).plusSeconds(1)).build());
        assertThrows(IllegalArgumentException.class, () -> TestCodes.code().lifetime(Duration.ofHours(1)).build());
    }

    @Test
    void redeemWhenUnusedThenMarkedRedeemedAndOtherwiseEqual() {
        AuthorizationCode code = TestCodes.code().build();

        AuthorizationCode redeemed = code.redeem();

        assertTrue(redeemed.redeemed());
        assertFalse(code.redeemed());
        assertEquals(code.hash(), redeemed.hash());
        assertEquals(code.grantId(), redeemed.grantId());
        assertEquals(code.expiresAt(), redeemed.expiresAt());
        assertEquals(code.redeem(), redeemed);
    }

    @Test
    void constructorWhenAudiencesChangeLaterThenCodeUnaffected() {
        List<Audience> audiences = new ArrayList<>();
        audiences.add(new Audience(TestCodes.RESOURCE));
        AuthorizationCode base = TestCodes.code().build();
        AuthorizationCode code = new AuthorizationCode(base.hash(), base.clientId(), base.redirectUri(), true,
                base.challenge(), base.scopes(), audiences, base.subject(), base.grantId(), base.issuedAt(),
                base.expiresAt(), false);
        audiences.clear();

        assertEquals(1, code.audiences().size());
    }
}
