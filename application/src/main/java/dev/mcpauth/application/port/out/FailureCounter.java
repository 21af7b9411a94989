package dev.mcpauth.application.port.out;

import java.time.Duration;
import java.time.Instant;

/** Counts failures per key in fixed windows, for throttling logins. */
public interface FailureCounter {
    /** Adds one failure; the window starts with the first failure and lasts {@code window}. */
    Count increment(String key, Duration window);

    Count current(String key);

    void reset(String key);

    /** The failures so far in the window and when the window ends. */
    record Count(long failures, Instant windowEndsAt) {
    }
}
