package dev.mcpauth.domain.token;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenHashTest {

    @Test
    void ofWhenSameTokenThenSameHash() {
        assertEquals(TokenHash.of("token"), TokenHash.of("token"));
        assertNotEquals(TokenHash.of("token"), TokenHash.of("token2"));
    }

    @Test
    void ofWhenAnyTokenThen43Base64UrlCharacters() {
        for (String token : new String[] {"", "a", "x".repeat(1000), "é€"}) {
            String value = TokenHash.of(token).value();
            assertEquals(43, value.length());
            assertTrue(value.matches("[A-Za-z0-9_-]{43}"), value);
        }
    }

    @Test
    void ofWhenKnownInputThenSha256Base64Url() {
        assertEquals("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0", TokenHash.of("abc").value());
    }

    @Test
    void matchesWhenSameValueThenTrue() {
        assertTrue(TokenHash.of("token").matches(TokenHash.of("token")));
        assertTrue(TokenHash.of("token").matches(new TokenHash(TokenHash.of("token").value())));
        assertFalse(TokenHash.of("token").matches(TokenHash.of("other")));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "short", "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0x"})
    void constructorWhenNot43CharactersThenRefused(String value) {
        assertThrows(IllegalArgumentException.class, () -> new TokenHash(value));
    }

    @Test
    void toStringWhenPrintedThenOnlyAPrefix() {
        TokenHash hash = TokenHash.of("abc");

        assertFalse(hash.toString().contains(hash.value()));
        assertTrue(hash.toString().startsWith("TokenHash[ungWv48B"));
    }
}
