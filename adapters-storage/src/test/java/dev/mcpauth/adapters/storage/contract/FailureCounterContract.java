package dev.mcpauth.adapters.storage.contract;

import dev.mcpauth.application.port.out.FailureCounter;
import dev.mcpauth.application.port.out.FailureCounter.Count;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What every {@link FailureCounter} must do; a subclass supplies a fresh, empty counter. */
public abstract class FailureCounterContract {
    private static final Duration WINDOW = Duration.ofMinutes(15);

    protected final MutableClock clock = new MutableClock();
    private FailureCounter counter;

    protected abstract FailureCounter newCounter(Clock clock);

    @BeforeEach
    void createCounter() {
        counter = newCounter(clock);
    }

    @Test
    void currentWhenNoFailuresThenZeroAndNoOpenWindow() {
        Count count = counter.current("login:user:alice");

        assertEquals(0, count.failures());
        assertFalse(count.windowEndsAt().isAfter(clock.instant()));
    }

    @Test
    void incrementWhenFirstFailureThenStartsTheWindow() {
        Instant end = clock.instant().plus(WINDOW);

        assertEquals(new Count(1, end), counter.increment("login:user:alice", WINDOW));
        assertEquals(new Count(1, end), counter.current("login:user:alice"));
    }

    @Test
    void incrementWhenWindowOpenThenCountsOnAndKeepsTheWindowEnd() {
        Instant end = clock.instant().plus(WINDOW);
        counter.increment("login:user:alice", WINDOW);
        clock.advance(Duration.ofMinutes(10));

        assertEquals(new Count(2, end), counter.increment("login:user:alice", WINDOW));
        assertEquals(new Count(3, end), counter.increment("login:user:alice", WINDOW));
    }

    @Test
    void currentWhenWindowEndedThenZero() {
        counter.increment("login:user:alice", WINDOW);
        counter.increment("login:user:alice", WINDOW);

        clock.advance(WINDOW.minusMillis(1));
        assertEquals(2, counter.current("login:user:alice").failures());
        clock.advance(Duration.ofMillis(1));
        assertEquals(0, counter.current("login:user:alice").failures());
    }

    @Test
    void incrementWhenWindowEndedThenStartsANewWindow() {
        counter.increment("login:user:alice", WINDOW);
        counter.increment("login:user:alice", WINDOW);
        clock.advance(WINDOW.plusSeconds(5));

        assertEquals(new Count(1, clock.instant().plus(WINDOW)), counter.increment("login:user:alice", WINDOW));
    }

    @Test
    void resetWhenFailuresCountedThenZero() {
        counter.increment("login:user:alice", WINDOW);

        counter.reset("login:user:alice");

        assertEquals(0, counter.current("login:user:alice").failures());
        assertEquals(new Count(1, clock.instant().plus(WINDOW)), counter.increment("login:user:alice", WINDOW));
    }

    @Test
    void resetWhenNothingCountedThenNothingHappens() {
        counter.reset("login:user:nobody");

        assertEquals(0, counter.current("login:user:nobody").failures());
    }

    @Test
    void incrementWhenOtherKeysCountedThenKeysAreIndependent() {
        counter.increment("login:user:alice", WINDOW);
        counter.increment("login:address:192.0.2.1", WINDOW);
        counter.increment("login:address:192.0.2.1", WINDOW);

        counter.reset("login:user:alice");

        assertEquals(0, counter.current("login:user:alice").failures());
        assertEquals(2, counter.current("login:address:192.0.2.1").failures());
    }

    @Test
    void incrementWhenConcurrentThenEveryFailureIsCountedOnce() throws Exception {
        int perThread = 100;

        List<List<Long>> seen = Race.run(Race.THREADS, i -> {
            List<Long> counts = new ArrayList<>();
            for (int n = 0; n < perThread; n++) {
                counts.add(counter.increment("login:address:192.0.2.1", WINDOW).failures());
            }
            return counts;
        });

        long total = (long) Race.THREADS * perThread;
        assertEquals(total, counter.current("login:address:192.0.2.1").failures());
        Set<Long> distinct = new HashSet<>();
        seen.forEach(distinct::addAll);
        assertEquals(total, distinct.size(), "each increment must return its own count");
    }
}
