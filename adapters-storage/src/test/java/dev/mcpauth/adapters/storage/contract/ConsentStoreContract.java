package dev.mcpauth.adapters.storage.contract;

import dev.mcpauth.application.port.out.ConsentStore;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.consent.Consent;
import dev.mcpauth.domain.scope.Scopes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link ConsentStore} must do; a subclass supplies a fresh, empty store. */
public abstract class ConsentStoreContract {
    private static final ClientId CLIENT = new ClientId("client-1");

    protected final MutableClock clock = new MutableClock();
    private ConsentStore store;

    protected abstract ConsentStore newStore(Clock clock);

    @BeforeEach
    void createStore() {
        store = newStore(clock);
    }

    private Instant inThirtyDays() {
        return clock.instant().plus(Duration.ofDays(30));
    }

    @Test
    void findWhenSavedThenReturnsTheConsent() {
        Consent consent = new Consent("alice", CLIENT, Scopes.of("read", "write"));
        store.save(consent, inThirtyDays());

        assertEquals(Optional.of(consent), store.find("alice", CLIENT));
    }

    @Test
    void findWhenUnknownThenEmpty() {
        assertEquals(Optional.empty(), store.find("alice", CLIENT));
    }

    @Test
    void findWhenAnotherSubjectOrClientConsentedThenEmpty() {
        store.save(new Consent("alice", CLIENT, Scopes.of("read")), inThirtyDays());

        assertEquals(Optional.empty(), store.find("bob", CLIENT));
        assertEquals(Optional.empty(), store.find("alice", new ClientId("client-2")));
    }

    @Test
    void findWhenForgetAtReachedThenEmpty() {
        Instant forgetAt = inThirtyDays();
        store.save(new Consent("alice", CLIENT, Scopes.of("read")), forgetAt);

        clock.set(forgetAt.minusMillis(1));
        assertTrue(store.find("alice", CLIENT).isPresent());
        clock.set(forgetAt);
        assertEquals(Optional.empty(), store.find("alice", CLIENT));
    }

    @Test
    void saveWhenSavedAgainThenTheNewConsentAndForgetAtReplaceTheOld() {
        store.save(new Consent("alice", CLIENT, Scopes.of("read")), clock.instant().plus(Duration.ofDays(1)));
        Consent wider = new Consent("alice", CLIENT, Scopes.of("read", "write"));

        store.save(wider, inThirtyDays());
        clock.advance(Duration.ofDays(2));

        assertEquals(Optional.of(wider), store.find("alice", CLIENT));
    }
}
