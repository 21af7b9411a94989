package dev.mcpauth.domain.authorization;

import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.fixtures.TestPendingAuthorizations;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PendingAuthorizationTest {
    private static final String CSRF = TestPendingAuthorizations.CSRF_TOKEN;
    private static final String DENIED = "the form expired or was not sent by this browser";

    private final PendingAuthorization pending = TestPendingAuthorizations.pending().build();

    @Test
    void checkCsrfWhenFormAndCookieTokensRightThenAccepted() {
        assertDoesNotThrow(() -> pending.checkCsrf(CSRF, CSRF));
    }

    @Test
    void checkCsrfWhenFormTokenWrongThenAccessDenied() {
        assertOAuthError(OAuthError.ACCESS_DENIED, DENIED, () -> pending.checkCsrf("wrong", CSRF));
        assertOAuthError(OAuthError.ACCESS_DENIED, DENIED, () -> pending.checkCsrf(CSRF + "x", CSRF));
        assertOAuthError(OAuthError.ACCESS_DENIED, DENIED, () -> pending.checkCsrf("", CSRF));
    }

    @Test
    void checkCsrfWhenCookieTokenWrongThenAccessDenied() {
        assertOAuthError(OAuthError.ACCESS_DENIED, DENIED, () -> pending.checkCsrf(CSRF, "wrong"));
    }

    @Test
    void checkCsrfWhenTokenMissingThenAccessDenied() {
        assertOAuthError(OAuthError.ACCESS_DENIED, DENIED, () -> pending.checkCsrf(null, CSRF));
        assertOAuthError(OAuthError.ACCESS_DENIED, DENIED, () -> pending.checkCsrf(CSRF, null));
        assertOAuthError(OAuthError.ACCESS_DENIED, DENIED, () -> pending.checkCsrf(null, null));
    }

    @Test
    void checkCsrfWhenFormAndCookieAgreeButAreNotTheRequestsThenAccessDenied() {
        assertOAuthError(OAuthError.ACCESS_DENIED, DENIED, () -> pending.checkCsrf("attacker", "attacker"));
    }

    @Test
    void authenticateWhenLoggedInThenSubjectSetAndRestKept() {
        PendingAuthorization authenticated = pending.authenticate("alice");

        assertTrue(authenticated.isAuthenticated());
        assertEquals(Optional.of("alice"), authenticated.subject());
        assertFalse(pending.isAuthenticated());
        assertEquals(pending.id(), authenticated.id());
        assertEquals(pending.csrfToken(), authenticated.csrfToken());
        assertEquals(pending.challenge(), authenticated.challenge());
        assertEquals(pending.expiresAt(), authenticated.expiresAt());
    }

    @Test
    void isExpiredWhenAtOrAfterExpiresAtThenTrue() {
        assertFalse(pending.isExpired(pending.expiresAt().minusMillis(1)));
        assertTrue(pending.isExpired(pending.expiresAt()));
        assertTrue(pending.isExpired(pending.expiresAt().plusSeconds(1)));
    }
}
