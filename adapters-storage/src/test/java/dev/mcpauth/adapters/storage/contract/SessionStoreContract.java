package dev.mcpauth.adapters.storage.contract;

import dev.mcpauth.application.port.out.SessionStore;
import dev.mcpauth.domain.session.Session;
import dev.mcpauth.domain.session.SessionId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static dev.mcpauth.adapters.storage.contract.TestSessions.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link SessionStore} must do; a subclass supplies a fresh, empty store. */
public abstract class SessionStoreContract {
    protected final MutableClock clock = new MutableClock();
    private SessionStore store;

    protected abstract SessionStore newStore(Clock clock);

    @BeforeEach
    void createStore() {
        store = newStore(clock);
    }

    private Session oneHourSession(String id) {
        return session(id, clock.instant(), clock.instant().plus(Duration.ofHours(1)));
    }

    @Test
    void findWhenSavedThenReturnsTheSession() {
        Session session = oneHourSession("session-1");
        store.save(session);

        Session found = store.find(session.id()).orElseThrow();

        assertEquals(session.id(), found.id());
        assertEquals(session.principal(), found.principal());
        assertEquals(session.scopes(), found.scopes());
        assertEquals(session.createdAt(), found.createdAt());
        assertEquals(session.expiresAt(), found.expiresAt());
        assertFalse(found.isEnded());
    }

    @Test
    void findWhenUnknownThenEmpty() {
        assertEquals(Optional.empty(), store.find(new SessionId("unknown")));
    }

    @Test
    void findWhenExpiredThenEmpty() {
        Session session = oneHourSession("session-1");
        store.save(session);

        clock.set(session.expiresAt().minusMillis(1));
        assertTrue(store.find(session.id()).isPresent());
        clock.set(session.expiresAt());
        assertEquals(Optional.empty(), store.find(session.id()));
    }

    @Test
    void saveWhenSessionEndedThenFindReturnsItEnded() {
        Session session = oneHourSession("session-1");
        store.save(session);

        store.save(session.end());

        assertTrue(store.find(session.id()).orElseThrow().isEnded());
    }

    @Test
    void findWhenOtherSessionsSavedThenReturnsOnlyTheOneAskedFor() {
        store.save(oneHourSession("session-1"));
        store.save(oneHourSession("session-2").end());

        assertFalse(store.find(new SessionId("session-1")).orElseThrow().isEnded());
    }
}
