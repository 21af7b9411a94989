package dev.mcpauth.domain.token;

import dev.mcpauth.domain.grant.GrantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefreshTokenTest {
    private static final String SECRET = "s".repeat(43);

    @Test
    void parseWhenGrantIdDotSecretThenParsed() {
        RefreshToken token = RefreshToken.parse("grant_1-A." + SECRET).orElseThrow();

        assertEquals(new GrantId("grant_1-A"), token.grantId());
        assertEquals(SECRET, token.secret());
        assertEquals("grant_1-A." + SECRET, token.value());
    }

    @Test
    void parseWhenSecretExactly32CharactersThenParsed() {
        assertTrue(RefreshToken.parse("g." + "s".repeat(32)).isPresent());
    }

    @Test
    void parseWhenValueOfATokenThenTheSameToken() {
        RefreshToken token = new RefreshToken(new GrantId("g1"), SECRET);

        assertEquals(Optional.of(token), RefreshToken.parse(token.value()));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "grant1sssssssssssssssssssssssssssssssssssssssss",   // no dot
            "grant1.ssssssssssssssss.sssssssssssssssssssssss",    // two dots
            "grant1.ssssssssssssssssssssssssssssssssssssss.",     // trailing second dot
            ".ssssssssssssssssssssssssssssssssssssssssssss",      // no grant id
            "grant1.sssssssssssssssssssssssssssssss",             // 31-character secret
            "grant1.",                                            // no secret
            "gr@nt.sssssssssssssssssssssssssssssssssssssssss",    // bad grant id character
            "gr nt.sssssssssssssssssssssssssssssssssssssssss",
            "grànt.sssssssssssssssssssssssssssssssssssssssss",
            "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl" // a JWT
    })
    void parseWhenMalformedThenEmpty(String presented) {
        assertEquals(Optional.empty(), RefreshToken.parse(presented));
    }

    @Test
    void parseWhenGrantIdLongerThan64ThenEmpty() {
        assertFalse(RefreshToken.parse("g".repeat(65) + "." + SECRET).isPresent());
        assertTrue(RefreshToken.parse("g".repeat(64) + "." + SECRET).isPresent());
    }

    @Test
    void hashWhenComputedThenHashOfTheSecretOnly() {
        RefreshToken token = new RefreshToken(new GrantId("g1"), SECRET);

        assertEquals(TokenHash.of(SECRET), token.hash());
    }

    @Test
    void constructorWhenSecretShortThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RefreshToken(new GrantId("g1"), "s".repeat(31)));
        assertThrows(IllegalArgumentException.class, () -> new RefreshToken(new GrantId("g1"), null));
    }

    @Test
    void toStringWhenPrintedThenNoSecret() {
        assertFalse(new RefreshToken(new GrantId("g1"), SECRET).toString().contains(SECRET));
    }
}
