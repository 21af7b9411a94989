package dev.mcpauth.adapters.idp.jose;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifiedTokenCacheTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void findWhenRememberedThenTheValueUntilItsExpiryThenForgotten() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>();
        cache.remember("token", "claims", NOW.plusSeconds(60), NOW);

        assertEquals(Optional.of("claims"), cache.find("token", NOW.plusSeconds(59)));
        assertEquals(Optional.empty(), cache.find("token", NOW.plusSeconds(60)));
        assertEquals(0, cache.size(), "an expired token read is removed");
        assertEquals(Optional.empty(), cache.find("other", NOW));
    }

    @Test
    void rememberWhenTokenAlreadyExpiredThenNotKept() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>();

        cache.remember("token", "claims", NOW, NOW);

        assertEquals(0, cache.size());
        assertEquals(Optional.empty(), cache.find("token", NOW.minusSeconds(1)));
    }

    @Test
    void rememberWhenExpiredTokensLieAroundThenSweptWithinAMinute() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>();
        cache.remember("short-lived", "a", NOW.plusSeconds(30), NOW);
        cache.remember("long-lived", "b", NOW.plusSeconds(3600), NOW);

        Instant later = NOW.plus(Duration.ofMinutes(2));
        cache.remember("new", "c", later.plusSeconds(3600), later);

        assertEquals(2, cache.size(), "the expired token was swept without ever being read again");
        assertEquals(Optional.of("b"), cache.find("long-lived", later));
    }

    @Test
    void rememberWhenManyDistinctTokensThenSizeStaysWithinTheCap() {
        VerifiedTokenCache<Integer> cache = new VerifiedTokenCache<>();
        int largest = 0;

        for (int i = 0; i < 3 * VerifiedTokenCache.DEFAULT_MAX_ENTRIES; i++) {
            cache.remember("token-" + i, i, NOW.plusSeconds(3600), NOW);
            largest = Math.max(largest, cache.size());
        }

        assertEquals(VerifiedTokenCache.DEFAULT_MAX_ENTRIES, largest);
        String last = "token-" + (3 * VerifiedTokenCache.DEFAULT_MAX_ENTRIES - 1);
        assertTrue(cache.find(last, NOW).isPresent(), "the newest token is kept");
    }

    @Test
    void rememberWhenFullAndSomeExpiredThenOnlyTheExpiredGo() {
        VerifiedTokenCache<Integer> cache = new VerifiedTokenCache<>(100);
        for (int i = 0; i < 100; i++) {
            Instant expiry = i < 50 ? NOW.plusSeconds(10) : NOW.plusSeconds(3600);
            cache.remember("token-" + i, i, expiry, NOW);
        }
        // within the sweep interval, so only the full cache can make room
        Instant later = NOW.plusSeconds(20);

        cache.remember("one-more", 100, later.plusSeconds(3600), later);

        assertEquals(51, cache.size());
        for (int i = 50; i < 100; i++) {
            assertEquals(Optional.of(i), cache.find("token-" + i, later));
        }
        assertEquals(Optional.of(100), cache.find("one-more", later));
    }

    @Test
    void rememberWhenFullOfLiveTokensThenStartsOverRatherThanGrowing() {
        VerifiedTokenCache<Integer> cache = new VerifiedTokenCache<>(100);
        for (int i = 0; i < 100; i++) {
            cache.remember("token-" + i, i, NOW.plusSeconds(3600), NOW);
        }

        cache.remember("one-more", 100, NOW.plusSeconds(3600), NOW);

        assertEquals(1, cache.size());
        assertEquals(Optional.of(100), cache.find("one-more", NOW));
    }

    @Test
    void newCacheWhenCapNotPositiveThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new VerifiedTokenCache<String>(0));
    }
}
