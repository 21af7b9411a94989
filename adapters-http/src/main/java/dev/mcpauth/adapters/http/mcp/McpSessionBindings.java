package dev.mcpauth.adapters.http.mcp;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which caller each MCP session belongs to, for the sessions the session use cases cannot hold yet: those whose id an
 * upstream MCP server chose, and anonymous ones, whose only credential is the session id (the use cases find a
 * session by id and principal). Kept in this instance's memory until the session expires; see the report on issue 3
 * for the port change that moves this into the {@code SessionStore}.
 */
@Singleton
final class McpSessionBindings {
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final ConcurrentMap<String, Binding> bindings = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Instant nextSweep;

    McpSessionBindings(Clock clock) {
        this.clock = clock;
        this.nextSweep = clock.instant().plus(SWEEP_INTERVAL);
    }

    /** Binds {@code sessionId} to {@code caller} until {@code expiresAt}; the request that created it counts. */
    Binding bind(String sessionId, McpCaller caller, Instant expiresAt) {
        Instant now = clock.instant();
        sweep(now);
        Binding binding = new Binding(sessionId, caller, expiresAt, now);
        bindings.put(sessionId, binding);
        return binding;
    }

    /** The active binding of {@code sessionId}; unknown and expired are alike. */
    Optional<Binding> find(String sessionId) {
        if (sessionId == null) {
            return Optional.empty();
        }
        Binding binding = bindings.get(sessionId);
        if (binding == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(binding.expiresAt())) {
            bindings.remove(sessionId, binding);
            return Optional.empty();
        }
        return Optional.of(binding);
    }

    void end(String sessionId) {
        if (sessionId != null) {
            bindings.remove(sessionId);
        }
    }

    int size() {
        return bindings.size();
    }

    private void sweep(Instant now) {
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_INTERVAL);
        bindings.values().removeIf(binding -> !now.isBefore(binding.expiresAt()));
    }

    /** One session's owner, expiry and request count in the current rate-limit window. */
    static final class Binding {
        private static final Duration WINDOW = Duration.ofMinutes(1);

        private final String sessionId;
        private final McpCaller caller;
        private final Instant expiresAt;
        private Instant windowStart;
        private int requests;

        private Binding(String sessionId, McpCaller caller, Instant expiresAt, Instant now) {
            this.sessionId = Objects.requireNonNull(sessionId);
            this.caller = Objects.requireNonNull(caller);
            this.expiresAt = Objects.requireNonNull(expiresAt);
            this.windowStart = now;
            this.requests = 1;
        }

        String sessionId() {
            return sessionId;
        }

        McpCaller caller() {
            return caller;
        }

        Instant expiresAt() {
            return expiresAt;
        }

        /**
         * Counts one request against {@code perMinute} (0: no limit) in a fixed one-minute window.
         *
         * @return 0 when the request may go ahead, otherwise the seconds until the window ends (for Retry-After)
         */
        synchronized long tryAcquire(Instant now, int perMinute) {
            if (perMinute <= 0) {
                return 0;
            }
            Instant windowEnd = windowStart.plus(WINDOW);
            if (!now.isBefore(windowEnd)) {
                windowStart = now;
                requests = 0;
                windowEnd = now.plus(WINDOW);
            }
            if (requests < perMinute) {
                requests++;
                return 0;
            }
            long millis = Duration.between(now, windowEnd).toMillis();
            return Math.max(1, (millis + 999) / 1000);
        }
    }
}
