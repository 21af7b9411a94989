package dev.mcpauth.adapters.storage.contract;

import dev.mcpauth.application.port.out.KeyRingStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link KeyRingStore} must do; a subclass supplies a fresh, empty store. */
public abstract class KeyRingStoreContract {
    private KeyRingStore store;

    protected abstract KeyRingStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Test
    void loadWhenNothingStoredThenEmpty() {
        assertEquals(Optional.empty(), store.load());
    }

    @Test
    void createIfAbsentWhenEmptyThenTrueAndLoadReturnsTheRing() {
        assertTrue(store.createIfAbsent("ring-1"));

        assertEquals(Optional.of("ring-1"), store.load());
    }

    @Test
    void createIfAbsentWhenARingExistsThenFalseAndTheFirstStays() {
        store.createIfAbsent("ring-1");

        assertFalse(store.createIfAbsent("ring-2"));

        assertEquals(Optional.of("ring-1"), store.load());
    }

    @Test
    void replaceWhenExpectedIsStoredThenTrueAndTheNextRingIsStored() {
        store.createIfAbsent("ring-1");

        assertTrue(store.replace("ring-1", "ring-2"));

        assertEquals(Optional.of("ring-2"), store.load());
    }

    @Test
    void replaceWhenExpectedIsStaleThenFalseAndNothingChanges() {
        store.createIfAbsent("ring-1");
        store.replace("ring-1", "ring-2");

        assertFalse(store.replace("ring-1", "ring-3"));

        assertEquals(Optional.of("ring-2"), store.load());
    }

    @Test
    void replaceWhenNothingStoredThenFalseAndNothingIsCreated() {
        assertFalse(store.replace("ring-1", "ring-2"));

        assertEquals(Optional.empty(), store.load());
    }

    @Test
    void loadWhenRingIsLargeAndNotAsciiThenReturnsItUnchanged() {
        String ring = "{\"keys\":[\"" + "é€😀".repeat(20_000) + "\"]}\n";

        store.createIfAbsent(ring);

        assertEquals(Optional.of(ring), store.load());
    }

    @Test
    void createIfAbsentWhenConcurrentThenExactlyOneWins() throws Exception {
        List<Boolean> results = Race.run(Race.THREADS, i -> store.createIfAbsent("ring-" + i));

        assertEquals(1, results.stream().filter(created -> created).count());
        assertEquals(Optional.of("ring-" + results.indexOf(true)), store.load());
    }

    @Test
    void replaceWhenConcurrentFromTheSameRingThenExactlyOneWins() throws Exception {
        store.createIfAbsent("ring-0");

        List<Boolean> results = Race.run(Race.THREADS, i -> store.replace("ring-0", "next-" + i));

        assertEquals(1, results.stream().filter(replaced -> replaced).count());
        assertEquals(Optional.of("next-" + results.indexOf(true)), store.load());
    }
}
