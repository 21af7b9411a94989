package dev.mcpauth.domain.pkce;

import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.fixtures.TestCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodeChallengeTest {

    @Test
    void ofWhenS256ThenAccepted() {
        assertEquals(TestCodes.CHALLENGE, CodeChallenge.of(TestCodes.CHALLENGE, "S256").value());
    }

    @Test
    void ofWhenPlainThenInvalidRequest() {
        assertOAuthError(OAuthError.INVALID_REQUEST, "code_challenge_method must be S256; plain is not supported",
                () -> CodeChallenge.of(TestCodes.CHALLENGE, "plain"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s256", "SHA256", "S512", " S256"})
    void ofWhenMethodOtherThanS256ThenInvalidRequest(String method) {
        assertOAuthError(OAuthError.INVALID_REQUEST, () -> CodeChallenge.of(TestCodes.CHALLENGE, method));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void ofWhenChallengeMissingThenInvalidRequest(String challenge) {
        assertOAuthError(OAuthError.INVALID_REQUEST, "code_challenge is required (PKCE with S256)",
                () -> CodeChallenge.of(challenge, "S256"));
        assertOAuthError(OAuthError.INVALID_REQUEST, "code_challenge is required (PKCE with S256)",
                () -> CodeChallenge.of(challenge, null));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void ofWhenMethodMissingThenInvalidRequest(String method) {
        // RFC 7636 §4.3 would default to plain; OAuth 2.1 does not allow that.
        assertOAuthError(OAuthError.INVALID_REQUEST, "code_challenge_method is required and must be S256",
                () -> CodeChallenge.of(TestCodes.CHALLENGE, method));
    }

    @ParameterizedTest
    @ValueSource(strings = {"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cMM",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c=",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw.cM"})
    void constructorWhenNot43Base64UrlCharactersThenInvalidRequest(String value) {
        assertOAuthError(OAuthError.INVALID_REQUEST, "code_challenge must be 43 base64url characters (S256)",
                () -> new CodeChallenge(value));
    }

    @Test
    void fromVerifierWhenRfc7636AppendixBVectorThenItsChallenge() {
        assertEquals(TestCodes.CHALLENGE, CodeChallenge.fromVerifier(new CodeVerifier(TestCodes.VERIFIER)).value());
    }

    @Test
    void isSatisfiedByWhenRfc7636AppendixBVerifierThenTrue() {
        assertTrue(new CodeChallenge(TestCodes.CHALLENGE).isSatisfiedBy(new CodeVerifier(TestCodes.VERIFIER)));
    }

    @Test
    void isSatisfiedByWhenWrongVerifierThenFalse() {
        CodeChallenge challenge = new CodeChallenge(TestCodes.CHALLENGE);

        assertFalse(challenge.isSatisfiedBy(new CodeVerifier(TestCodes.OTHER_VERIFIER)));
        // one character off
        assertFalse(challenge.isSatisfiedBy(new CodeVerifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXj")));
    }

    @Test
    void isSatisfiedByWhenVerifierIsTheChallengeItselfThenFalse() {
        // what a plain-method client would send
        assertFalse(new CodeChallenge(TestCodes.CHALLENGE).isSatisfiedBy(new CodeVerifier(TestCodes.CHALLENGE)));
    }
}
