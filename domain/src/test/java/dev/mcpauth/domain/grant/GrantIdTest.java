package dev.mcpauth.domain.grant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GrantIdTest {

    @Test
    void constructorWhenBase64UrlThenAccepted() {
        assertEquals("aZ09-_", new GrantId("aZ09-_").value());
        assertEquals(64, new GrantId("a".repeat(64)).value().length());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"a.b", "a b", "a/b", "a+b", "é", "٣"})
    void constructorWhenNotBase64UrlThenRefused(String value) {
        assertThrows(IllegalArgumentException.class, () -> new GrantId(value));
    }

    @Test
    void constructorWhenLongerThan64ThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GrantId("a".repeat(65)));
    }
}
