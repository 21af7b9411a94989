package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.application.port.out.KeyRingStore;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The key ring of a single instance: kept for the life of the process only. */
public final class InMemoryKeyRingStore implements KeyRingStore {
    private final AtomicReference<String> ring = new AtomicReference<>();

    @Override
    public Optional<String> load() {
        return Optional.ofNullable(ring.get());
    }

    @Override
    public boolean createIfAbsent(String value) {
        return ring.compareAndSet(null, value);
    }

    @Override
    public boolean replace(String expected, String next) {
        return ring.compareAndSet(expected, next);
    }
}
