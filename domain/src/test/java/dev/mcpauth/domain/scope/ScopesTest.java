package dev.mcpauth.domain.scope;

import dev.mcpauth.domain.error.OAuthError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScopesTest {

    @Test
    void parseWhenSpaceDelimitedThenTokensInOrder() {
        Scopes scopes = Scopes.parse("openid files:read  files:write");

        assertEquals(List.of("openid", "files:read", "files:write"), List.copyOf(scopes.values()));
        assertEquals("openid files:read files:write", scopes.asString());
        assertEquals("openid files:read files:write", scopes.toString());
    }

    @Test
    void parseWhenDuplicatesThenOnce() {
        assertEquals("a b", Scopes.parse("a b a b").asString());
    }

    @Test
    void parseWhenNullOrBlankThenEmpty() {
        assertTrue(Scopes.parse(null).isEmpty());
        assertTrue(Scopes.parse("").isEmpty());
        assertTrue(Scopes.parse("   ").isEmpty());
        assertEquals(Scopes.empty(), Scopes.parse(null));
        assertEquals("", Scopes.empty().asString());
    }

    @Test
    void parseWhenAsStringOfParsedThenSameScopes() {
        Scopes scopes = Scopes.parse("x y z");
        assertEquals(scopes, Scopes.parse(scopes.asString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\"b", "a\\b", "é", "a\tb", "files:read\n", "\u0000"})
    void parseWhenForbiddenCharacterThenInvalidScope(String value) {
        assertOAuthError(OAuthError.INVALID_SCOPE, "scope contains a character RFC 6749 §3.3 forbids",
                () -> Scopes.parse(value));
    }

    @Test
    void parseWhenEveryAllowedCharacterThenAccepted() {
        StringBuilder all = new StringBuilder();
        for (char c = 0x21; c <= 0x7e; c++) {
            if (c != '"' && c != '\\') {
                all.append(c);
            }
        }
        assertEquals(all.toString(), Scopes.parse(all.toString()).asString());
    }

    @Test
    void ofWhenEmptyTokenThenInvalidScope() {
        assertOAuthError(OAuthError.INVALID_SCOPE, "empty scope token", () -> Scopes.of("a", ""));
        assertOAuthError(OAuthError.INVALID_SCOPE, "empty scope token", () -> Scopes.of("a", null));
    }

    @Test
    void ofWhenSpaceInsideTokenThenInvalidScope() {
        assertOAuthError(OAuthError.INVALID_SCOPE, () -> Scopes.of("a b"));
    }

    @Test
    void containsAllWhenSubsetThenTrue() {
        Scopes granted = Scopes.parse("a b c");

        assertTrue(granted.containsAll(Scopes.parse("a c")));
        assertTrue(granted.containsAll(Scopes.parse("c b a")));
        assertTrue(granted.containsAll(Scopes.empty()));
        assertFalse(granted.containsAll(Scopes.parse("a d")));
        assertFalse(Scopes.empty().containsAll(Scopes.parse("a")));
    }

    @Test
    void containsWhenTokenPresentThenTrue() {
        assertTrue(Scopes.parse("a b").contains("b"));
        assertFalse(Scopes.parse("a b").contains("c"));
    }

    @Test
    void missingFromWhenSomeRequestedAreOutsideThenThoseInRequestOrder() {
        Scopes supported = Scopes.parse("a b c");

        assertEquals("z y", supported.missingFrom(Scopes.parse("z a y b")).asString());
        assertTrue(supported.missingFrom(Scopes.parse("c a")).isEmpty());
        assertTrue(supported.missingFrom(Scopes.empty()).isEmpty());
    }

    @Test
    void unionWhenOverlappingThenEachOnceInOrder() {
        Scopes union = Scopes.parse("a b").union(Scopes.parse("b c"));

        assertEquals("a b c", union.asString());
        assertEquals(Scopes.parse("a b"), Scopes.parse("a b").union(Scopes.empty()));
    }

    @Test
    void equalsWhenSameTokensInAnotherOrderThenEqual() {
        assertEquals(Scopes.parse("a b c"), Scopes.parse("c a b"));
        assertEquals(Scopes.parse("a b c").hashCode(), Scopes.parse("c a b").hashCode());
        assertEquals(Scopes.of("a", "b"), Scopes.parse("b a"));
        assertNotEquals(Scopes.parse("a b"), Scopes.parse("a b c"));
        assertNotEquals(Scopes.parse("a"), Scopes.empty());
    }

    @Test
    void valuesWhenModifiedThenUnsupported() {
        assertThrows(UnsupportedOperationException.class, () -> Scopes.parse("a").values().add("b"));
    }
}
