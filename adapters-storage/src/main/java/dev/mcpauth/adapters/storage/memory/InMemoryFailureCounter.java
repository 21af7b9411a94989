package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.application.port.out.FailureCounter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Failure counts in this JVM's memory, each forgotten when its window ends. */
public final class InMemoryFailureCounter implements FailureCounter {
    private final ExpiringMap<String, Count> counts;
    private final Clock clock;

    public InMemoryFailureCounter(Clock clock) {
        this.counts = new ExpiringMap<>(clock);
        this.clock = clock;
    }

    @Override
    public Count increment(String key, Duration window) {
        Instant now = clock.instant();
        return counts.compute(key, stored -> {
            if (stored == null) {
                Instant end = now.plus(window);
                return new ExpiringMap.Entry<>(new Count(1, end), end);
            }
            Count count = stored.value();
            return new ExpiringMap.Entry<>(new Count(count.failures() + 1, count.windowEndsAt()), stored.forgetAt());
        }).value();
    }

    /** The failures in the current window; with none, zero failures and a window that ends now. */
    @Override
    public Count current(String key) {
        return counts.get(key).orElseGet(() -> new Count(0, clock.instant()));
    }

    @Override
    public void reset(String key) {
        counts.remove(key);
    }
}
