package dev.mcpauth.adapters.storage.memory;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A concurrent map whose entries are forgotten at their own instant: expired entries read as absent, and are swept
 * out as writes come in, so the map never holds more than the live entries plus one sweep interval's worth.
 */
final class ExpiringMap<K, V> {
    /** Below this many writes a sweep is not worth a pass over the map. */
    static final int MIN_WRITES_BETWEEN_SWEEPS = 256;

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicInteger writesSinceSweep = new AtomicInteger();
    private volatile int writesBetweenSweeps = MIN_WRITES_BETWEEN_SWEEPS;
    private final Clock clock;

    ExpiringMap(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A stored value and the instant from which it reads as absent. */
    record Entry<V>(V value, Instant forgetAt) {
        Entry {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(forgetAt, "forgetAt");
        }

        boolean isLive(Instant now) {
            return now.isBefore(forgetAt);
        }
    }

    Optional<V> get(K key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!entry.isLive(clock.instant())) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    void put(K key, V value, Instant forgetAt) {
        entries.put(key, new Entry<>(value, forgetAt));
        afterWrite();
    }

    /** Removes the entry and returns its value, or empty when there was no live entry. */
    Optional<V> remove(K key) {
        Instant now = clock.instant();
        Entry<V> removed = entries.remove(key);
        return removed == null || !removed.isLive(now) ? Optional.empty() : Optional.of(removed.value());
    }

    /**
     * Atomically replaces the entry for {@code key} with what {@code update} makes of the live one ({@code null} when
     * absent or expired); {@code update} returning {@code null} removes the entry. Runs {@code update} exactly once.
     *
     * @return the entry now stored, or null
     */
    Entry<V> compute(K key, UnaryOperator<Entry<V>> update) {
        Instant now = clock.instant();
        Entry<V> result = entries.compute(key, (k, stored) ->
                update.apply(stored != null && stored.isLive(now) ? stored : null));
        afterWrite();
        return result;
    }

    /** Removes every expired entry. */
    void sweep() {
        Instant now = clock.instant();
        for (Map.Entry<K, Entry<V>> e : entries.entrySet()) {
            if (!e.getValue().isLive(now)) {
                // Conditional, so that an entry rewritten since it was read is kept.
                entries.remove(e.getKey(), e.getValue());
            }
        }
        // As many writes as entries survived before the next pass: the pass's cost per write stays constant, and
        // the map holds at most about twice the live entries.
        writesBetweenSweeps = Math.max(MIN_WRITES_BETWEEN_SWEEPS, entries.size());
    }

    /** The entries held, expired ones not yet swept included. */
    int storedSize() {
        return entries.size();
    }

    private void afterWrite() {
        int writes = writesSinceSweep.incrementAndGet();
        // Only the writer that resets the count sweeps; a concurrent writer that loses the race simply goes on.
        if (writes >= writesBetweenSweeps && writesSinceSweep.compareAndSet(writes, 0)) {
            sweep();
        }
    }
}
