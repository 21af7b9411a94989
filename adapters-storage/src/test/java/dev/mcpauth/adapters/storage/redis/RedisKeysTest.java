package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.domain.client.ClientId;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RedisKeysTest {
    private final RedisKeys keys = new RedisKeys("mcpauth:");

    @Test
    void escapeWhenPlainIdThenUnchanged() {
        assertEquals("login:user:alice@example.com", RedisKeys.escape("login:user:alice@example.com"));
    }

    @Test
    void escapeWhenBracesOrPercentThenPercentEncodedSoTheTagStaysWhole() {
        assertEquals("%7Ba%7D%25", RedisKeys.escape("{a}%"));
        assertEquals("mcpauth:pending:{%7Ba%7D}", keys.pending("{a}"));
    }

    @Test
    void consentWhenSubjectAndClientIdShareSeparatorsThenKeysStillDiffer() {
        assertNotEquals(keys.consent("a}:b", new ClientId("c")), keys.consent("a", new ClientId("b}:c")));
        assertNotEquals(keys.consent("a%7D", new ClientId("c")), keys.consent("a}", new ClientId("c")));
    }

    @Test
    void constructorWhenPrefixHasABraceThenRefuses() {
        assertThrows(IllegalArgumentException.class, () -> new RedisKeys("{mcpauth}:"));
        assertThrows(IllegalArgumentException.class,
                () -> RedisStorage.Settings.defaults().withKeyPrefix("mcp{auth:"));
    }
}
