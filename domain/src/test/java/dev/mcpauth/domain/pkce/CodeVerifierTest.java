package dev.mcpauth.domain.pkce;

import dev.mcpauth.domain.error.OAuthError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CodeVerifierTest {

    @ParameterizedTest
    @ValueSource(ints = {43, 64, 128})
    void constructorWhen43To128CharactersThenAccepted(int length) {
        assertEquals(length, new CodeVerifier("a".repeat(length)).value().length());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 42, 129, 200})
    void constructorWhenLengthOutside43To128ThenInvalidGrant(int length) {
        assertOAuthError(OAuthError.INVALID_GRANT, "code_verifier must be 43 to 128 characters",
                () -> new CodeVerifier("a".repeat(length)));
    }

    @Test
    void constructorWhenAllUnreservedCharactersThenAccepted() {
        String unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
        assertEquals(unreserved, new CodeVerifier(unreserved).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "/", "=", " ", "%", "é", "\n", "!"})
    void constructorWhenCharacterOutsideUnreservedThenInvalidGrant(String bad) {
        assertOAuthError(OAuthError.INVALID_GRANT, "code_verifier contains characters outside the unreserved set",
                () -> new CodeVerifier("a".repeat(42) + bad));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void constructorWhenMissingThenInvalidRequest(String value) {
        assertOAuthError(OAuthError.INVALID_REQUEST, "code_verifier is required", () -> new CodeVerifier(value));
    }

    @Test
    void isBase64UrlAlphabetWhenPaddingOrUnreservedExtrasThenFalse() {
        assertEquals(true, CodeVerifier.isBase64UrlAlphabet("Az09-_"));
        assertEquals(false, CodeVerifier.isBase64UrlAlphabet("a.b"));
        assertEquals(false, CodeVerifier.isBase64UrlAlphabet("a~b"));
        assertEquals(false, CodeVerifier.isBase64UrlAlphabet("ab="));
    }
}
