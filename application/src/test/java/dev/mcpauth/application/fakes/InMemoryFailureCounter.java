package dev.mcpauth.application.fakes;

import dev.mcpauth.application.port.out.FailureCounter;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Fixed windows that start with the first failure; a key whose window ended counts zero. */
public final class InMemoryFailureCounter implements FailureCounter {
    private final Clock clock;
    private final Map<String, Count> counts = new HashMap<>();

    public InMemoryFailureCounter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Count increment(String key, Duration window) {
        Count current = current(key);
        Count next = current.failures() == 0
                ? new Count(1, clock.instant().plus(window))
                : new Count(current.failures() + 1, current.windowEndsAt());
        counts.put(key, next);
        return next;
    }

    @Override
    public synchronized Count current(String key) {
        Count count = counts.get(key);
        if (count == null || !clock.instant().isBefore(count.windowEndsAt())) {
            return new Count(0, clock.instant());
        }
        return count;
    }

    @Override
    public synchronized void reset(String key) {
        counts.remove(key);
    }
}
