package dev.mcpauth.application.port.out;

import java.util.Optional;

/**
 * Where the signing key ring lives, so that every instance signs with and publishes the same keys. The ring is an
 * opaque text (serialized and, where configured, sealed by its owner); updates are compare-and-set.
 */
public interface KeyRingStore {
    Optional<String> load();

    /** Stores the first ring unless one exists; false when another instance stored one first. */
    boolean createIfAbsent(String ring);

    /** Replaces the ring only if it is still {@code expected}; false when it changed meanwhile. */
    boolean replace(String expected, String next);
}
