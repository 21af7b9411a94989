package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.adapters.storage.contract.MutableClock;
import dev.mcpauth.adapters.storage.contract.Race;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpiringMapTest {
    private final MutableClock clock = new MutableClock();
    private final ExpiringMap<String, String> map = new ExpiringMap<>(clock);

    private Instant in(Duration duration) {
        return clock.instant().plus(duration);
    }

    @Test
    void getWhenExpiredThenEmptyAndTheEntryIsDropped() {
        map.put("k", "v", in(Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(1));

        assertEquals(Optional.empty(), map.get("k"));
        assertEquals(0, map.storedSize());
    }

    @Test
    void removeWhenExpiredThenEmpty() {
        map.put("k", "v", in(Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(2));

        assertEquals(Optional.empty(), map.remove("k"));
        assertEquals(0, map.storedSize());
    }

    @Test
    void computeWhenExpiredThenSeesNothing() {
        map.put("k", "old", in(Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(1));

        map.compute("k", stored -> {
            assertNull(stored);
            return new ExpiringMap.Entry<>("new", in(Duration.ofSeconds(1)));
        });

        assertEquals(Optional.of("new"), map.get("k"));
    }

    @Test
    void computeWhenUpdateReturnsNullThenRemoves() {
        map.put("k", "v", in(Duration.ofSeconds(1)));

        map.compute("k", stored -> null);

        assertEquals(0, map.storedSize());
    }

    @Test
    void sweepWhenSomeExpiredThenKeepsOnlyTheLiveOnes() {
        map.put("short", "v", in(Duration.ofSeconds(1)));
        map.put("long", "v", in(Duration.ofHours(1)));
        clock.advance(Duration.ofSeconds(1));

        map.sweep();

        assertEquals(1, map.storedSize());
        assertEquals(Optional.of("v"), map.get("long"));
    }

    @Test
    void putWhenEntriesKeepExpiringThenTheMapStaysBounded() {
        int maxStored = 0;
        for (int i = 0; i < 100_000; i++) {
            map.put("key-" + i, "v", in(Duration.ofMillis(10)));
            clock.advance(Duration.ofMillis(1));
            maxStored = Math.max(maxStored, map.storedSize());
        }

        assertTrue(maxStored <= 2 * ExpiringMap.MIN_WRITES_BETWEEN_SWEEPS + 10, "stored at most " + maxStored);
    }

    @Test
    void putWhenExpiredEntriesOutnumberNewOnesThenTheyAreStillSwept() {
        for (int i = 0; i < 10_000; i++) {
            map.put("old-" + i, "v", in(Duration.ofSeconds(1)));
        }
        clock.advance(Duration.ofSeconds(1));

        for (int i = 0; i < 10_000; i++) {
            map.put("new-" + i, "v", in(Duration.ofHours(1)));
        }

        assertTrue(map.storedSize() < 20_000, "expired entries were never swept: " + map.storedSize());
    }

    @Test
    void putWhenConcurrentWritersWithExpiringEntriesThenTheMapStaysBounded() throws Exception {
        int perThread = 20_000;
        Race.run(Race.THREADS, t -> {
            for (int i = 0; i < perThread; i++) {
                map.put(t + "-" + i, "v", in(Duration.ofMillis(5)));
                if (i % 100 == 0) {
                    clock.advance(Duration.ofMillis(10));
                }
            }
            return null;
        });
        clock.advance(Duration.ofSeconds(1));
        map.put("last", "v", in(Duration.ofHours(1)));
        map.sweep();

        assertEquals(1, map.storedSize());
    }
}
