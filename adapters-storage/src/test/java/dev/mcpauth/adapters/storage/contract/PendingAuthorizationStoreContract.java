package dev.mcpauth.adapters.storage.contract;

import dev.mcpauth.application.port.out.PendingAuthorizationStore;
import dev.mcpauth.domain.authorization.PendingAuthorization;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.mcpauth.adapters.storage.contract.TestPendingAuthorizations.pending;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link PendingAuthorizationStore} must do; a subclass supplies a fresh, empty store. */
public abstract class PendingAuthorizationStoreContract {
    protected final MutableClock clock = new MutableClock();
    private PendingAuthorizationStore store;

    protected abstract PendingAuthorizationStore newStore(Clock clock);

    @BeforeEach
    void createStore() {
        store = newStore(clock);
    }

    private Instant inTenMinutes() {
        return clock.instant().plus(Duration.ofMinutes(10));
    }

    @Test
    void findWhenSavedThenReturnsIt() {
        PendingAuthorization pending = pending("request-1", inTenMinutes());
        store.save(pending);

        assertEquals(Optional.of(pending), store.find("request-1"));
    }

    @Test
    void findWhenUnknownThenEmpty() {
        assertEquals(Optional.empty(), store.find("unknown"));
    }

    @Test
    void findWhenExpiredThenEmpty() {
        PendingAuthorization pending = pending("request-1", inTenMinutes());
        store.save(pending);

        clock.set(pending.expiresAt().minusMillis(1));
        assertTrue(store.find("request-1").isPresent());
        clock.set(pending.expiresAt());
        assertEquals(Optional.empty(), store.find("request-1"));
    }

    @Test
    void saveWhenSavedAgainThenTheNewStateReplacesTheOld() {
        PendingAuthorization pending = pending("request-1", inTenMinutes());
        store.save(pending);

        store.save(pending.authenticate("alice"));

        assertEquals(Optional.of("alice"), store.find("request-1").orElseThrow().subject());
    }

    @Test
    void takeWhenSavedThenReturnsItAndRemovesIt() {
        PendingAuthorization pending = pending("request-1", inTenMinutes());
        store.save(pending);

        assertEquals(Optional.of(pending), store.take("request-1"));
        assertEquals(Optional.empty(), store.find("request-1"));
        assertEquals(Optional.empty(), store.take("request-1"));
    }

    @Test
    void takeWhenUnknownThenEmpty() {
        assertEquals(Optional.empty(), store.take("unknown"));
    }

    @Test
    void takeWhenExpiredThenEmpty() {
        PendingAuthorization pending = pending("request-1", inTenMinutes());
        store.save(pending);
        clock.set(pending.expiresAt());

        assertEquals(Optional.empty(), store.take("request-1"));
    }

    @Test
    void takeWhenAnotherRequestIsTakenThenThisOneStays() {
        store.save(pending("request-1", inTenMinutes()));
        store.save(pending("request-2", inTenMinutes()));

        store.take("request-1");

        assertTrue(store.find("request-2").isPresent());
    }

    @Test
    void takeWhenConcurrentThenExactlyOneCallerGetsIt() throws Exception {
        PendingAuthorization pending = pending("request-1", inTenMinutes());
        store.save(pending);

        List<Optional<PendingAuthorization>> results = Race.run(Race.THREADS, i -> store.take("request-1"));

        assertEquals(1, results.stream().filter(Optional::isPresent).count());
        assertEquals(Optional.of(pending), results.stream().filter(Optional::isPresent).findFirst().orElseThrow());
    }
}
