package dev.mcpauth.adapters.http.mcp;

import dev.mcpauth.domain.app.McpApp;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.session.Principal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class McpSessionBindingsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final McpSessionBindings bindings = new McpSessionBindings(clock);
    private final McpCaller caller = new McpCaller(new McpApp("a", "a", "/mcp", Scopes.empty()),
            new Principal.Anonymous("anonymous-1"), "anonymous", Scopes.of("anonymous"), List.of());

    @Test
    void findWhenExpiredThenEmptyAndForgotten() {
        bindings.bind("s1", caller, NOW.plusSeconds(60));
        assertTrue(bindings.find("s1").isPresent());

        clock.advance(Duration.ofSeconds(60));

        assertTrue(bindings.find("s1").isEmpty());
        assertEquals(0, bindings.size());
    }

    @Test
    void bindWhenOthersExpiredLongAgoThenSweptAway() {
        bindings.bind("old", caller, NOW.plusSeconds(10));
        clock.advance(Duration.ofMinutes(2));

        bindings.bind("new", caller, clock.instant().plusSeconds(60));

        assertEquals(1, bindings.size());
    }

    @Test
    void tryAcquireWhenLimitReachedThenSecondsUntilTheWindowEnds() {
        McpSessionBindings.Binding binding = bindings.bind("s2", caller, NOW.plusSeconds(3600));
        assertEquals(0, binding.tryAcquire(NOW, 3)); // 2 of 3: the binding request counted as 1
        assertEquals(0, binding.tryAcquire(NOW.plusSeconds(1), 3));

        assertEquals(40, binding.tryAcquire(NOW.plusSeconds(20), 3));
        assertEquals(1, binding.tryAcquire(NOW.plusMillis(59_500), 3));
        assertEquals(0, binding.tryAcquire(NOW.plusSeconds(60), 3), "a new window");
    }

    @Test
    void tryAcquireWhenNoLimitThenAlwaysAllowed() {
        McpSessionBindings.Binding binding = bindings.bind("s3", caller, NOW.plusSeconds(3600));
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, binding.tryAcquire(NOW, 0));
        }
    }
}
