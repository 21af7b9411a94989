package dev.mcpauth.domain.error;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OAuthErrorTest {

    @Test
    void httpStatusWhenClientOrTokenErrorThen401() {
        assertEquals(401, OAuthError.INVALID_CLIENT.httpStatus());
        assertEquals(401, OAuthError.INVALID_TOKEN.httpStatus());
        assertEquals(400, OAuthError.INVALID_GRANT.httpStatus());
        assertEquals(403, OAuthError.INSUFFICIENT_SCOPE.httpStatus());
        assertEquals(500, OAuthError.SERVER_ERROR.httpStatus());
    }

    @Test
    void codeWhenEachErrorThenLowerSnakeCaseOfName() {
        for (OAuthError error : OAuthError.values()) {
            assertEquals(error.name().toLowerCase(Locale.ROOT), error.code());
        }
    }

    @Test
    void exceptionWhenCreatedThenCarriesErrorDescriptionAndPrivateDetail() {
        OAuthException e = new OAuthException(OAuthError.INVALID_GRANT, "public words", "private detail");

        assertEquals(OAuthError.INVALID_GRANT, e.error());
        assertEquals("public words", e.description());
        assertEquals("private detail", e.detail());
        assertTrue(e.getMessage().startsWith("invalid_grant: public words"));
        assertFalse(e.getMessage().contains("private detail"));
        assertNull(OAuthException.invalidRequest("x").detail());
        assertEquals(OAuthError.INVALID_CLIENT, OAuthException.invalidClient("x").error());
    }
}
