package dev.mcpauth.domain.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SessionIdTest {

    @Test
    void constructorWhenVisibleAsciiThenAccepted() {
        assertEquals("abc-123_~!", new SessionId("abc-123_~!").value());
        assertEquals(1024, new SessionId("a".repeat(1024)).value().length());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"a b", "a\nb", "é", "a\u007f"})
    void constructorWhenNotVisibleAsciiThenRefused(String value) {
        assertThrows(IllegalArgumentException.class, () -> new SessionId(value));
    }

    @Test
    void constructorWhenLongerThan1024ThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SessionId("a".repeat(1025)));
    }
}
