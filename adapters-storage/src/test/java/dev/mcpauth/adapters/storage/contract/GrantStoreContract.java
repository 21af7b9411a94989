package dev.mcpauth.adapters.storage.contract;

import dev.mcpauth.application.port.out.GrantStore;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.grant.GrantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.mcpauth.adapters.storage.contract.TestGrants.grant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link GrantStore} must do; a subclass supplies a fresh, empty store. */
public abstract class GrantStoreContract {
    protected final MutableClock clock = new MutableClock();
    private GrantStore store;

    protected abstract GrantStore newStore(Clock clock);

    @BeforeEach
    void createStore() {
        store = newStore(clock);
    }

    private Instant inOneHour() {
        return clock.instant().plus(Duration.ofHours(1));
    }

    private static void assertSameGrant(Grant expected, Grant actual) {
        assertEquals(expected.id(), actual.id());
        assertEquals(expected.clientId(), actual.clientId());
        assertEquals(expected.subject(), actual.subject());
        assertEquals(expected.scopes(), actual.scopes());
        assertEquals(expected.audiences(), actual.audiences());
        assertEquals(expected.createdAt(), actual.createdAt());
        assertEquals(expected.revokedAt(), actual.revokedAt());
        assertEquals(expected.version(), actual.version());
        assertEquals(expected.family().isPresent(), actual.family().isPresent());
        expected.family().ifPresent(family -> {
            assertEquals(family.current(), actual.family().get().current());
            assertEquals(family.currentExpiresAt(), actual.family().get().currentExpiresAt());
            assertEquals(family.rotated(), actual.family().get().rotated());
        });
    }

    @Test
    void findWhenCreatedThenReturnsTheGrant() {
        Grant grant = grant().version(3).build();

        assertTrue(store.create(grant, inOneHour()));

        assertSameGrant(grant, store.find(grant.id()).orElseThrow());
    }

    @Test
    void findWhenUnknownThenEmpty() {
        assertEquals(Optional.empty(), store.find(new GrantId("unknown")));
    }

    @Test
    void findWhenForgetAtReachedThenEmpty() {
        Grant grant = grant().build();
        Instant forgetAt = inOneHour();
        store.create(grant, forgetAt);

        clock.set(forgetAt.minusMillis(1));
        assertTrue(store.find(grant.id()).isPresent());
        clock.set(forgetAt);
        assertEquals(Optional.empty(), store.find(grant.id()));
    }

    @Test
    void createWhenIdTakenThenFalseAndTheFirstGrantIsKept() {
        Grant first = grant().subject("alice").build();
        Grant second = grant().subject("mallory").build();
        store.create(first, inOneHour());

        assertFalse(store.create(second, inOneHour()));

        assertEquals("alice", store.find(first.id()).orElseThrow().subject());
    }

    @Test
    void createWhenPreviousGrantWasForgottenThenTrue() {
        Grant first = grant().subject("alice").build();
        store.create(first, inOneHour());
        clock.advance(Duration.ofHours(2));

        assertTrue(store.create(grant().subject("bob").build(), inOneHour()));

        assertEquals("bob", store.find(first.id()).orElseThrow().subject());
    }

    @Test
    void replaceWhenVersionMatchesThenTrueAndTheNextGrantIsStored() {
        Grant grant = grant().version(4).build();
        store.create(grant, inOneHour());
        Grant next = TestGrants.from(grant).currentRefreshToken("refresh-1").version(5).build();

        assertTrue(store.replace(next, 4, inOneHour()));

        assertSameGrant(next, store.find(grant.id()).orElseThrow());
    }

    @Test
    void replaceWhenVersionIsStaleThenFalseAndNothingChanges() {
        Grant grant = grant().version(4).build();
        store.create(grant, inOneHour());
        Grant next = TestGrants.from(grant).revokedAt(clock.instant()).version(5).build();

        assertFalse(store.replace(next, 3, inOneHour()));

        assertSameGrant(grant, store.find(grant.id()).orElseThrow());
    }

    @Test
    void replaceWhenSecondUpdateFromTheSameVersionThenFalse() {
        Grant grant = grant().build();
        store.create(grant, inOneHour());
        Grant first = TestGrants.from(grant).currentRefreshToken("refresh-a").version(1).build();
        Grant second = TestGrants.from(grant).currentRefreshToken("refresh-b").version(1).build();

        assertTrue(store.replace(first, 0, inOneHour()));
        assertFalse(store.replace(second, 0, inOneHour()));

        assertSameGrant(first, store.find(grant.id()).orElseThrow());
    }

    @Test
    void replaceWhenUnknownThenFalseAndNothingIsCreated() {
        Grant next = grant().version(1).build();

        assertFalse(store.replace(next, 0, inOneHour()));

        assertEquals(Optional.empty(), store.find(next.id()));
    }

    @Test
    void replaceWhenForgottenThenFalse() {
        Grant grant = grant().build();
        store.create(grant, inOneHour());
        clock.advance(Duration.ofHours(2));

        assertFalse(store.replace(TestGrants.from(grant).version(1).build(), 0, inOneHour()));

        assertEquals(Optional.empty(), store.find(grant.id()));
    }

    @Test
    void replaceWhenGivenALaterForgetAtThenTheGrantLivesLonger() {
        Grant grant = grant().build();
        Instant firstForgetAt = inOneHour();
        store.create(grant, firstForgetAt);

        store.replace(TestGrants.from(grant).version(1).build(), 0, firstForgetAt.plus(Duration.ofDays(1)));
        clock.set(firstForgetAt.plus(Duration.ofHours(1)));

        assertEquals(1, store.find(grant.id()).orElseThrow().version());
    }

    @Test
    void replaceWhenGivenAnEarlierForgetAtThenTheGrantIsForgottenSooner() {
        Grant grant = grant().build();
        store.create(grant, clock.instant().plus(Duration.ofDays(1)));

        store.replace(TestGrants.from(grant).version(1).build(), 0, inOneHour());
        clock.advance(Duration.ofHours(1));

        assertEquals(Optional.empty(), store.find(grant.id()));
    }

    @Test
    void createWhenConcurrentThenExactlyOneWins() throws Exception {
        List<Boolean> results = Race.run(Race.THREADS,
                i -> store.create(grant().subject("subject-" + i).build(), inOneHour()));

        assertEquals(1, results.stream().filter(created -> created).count());
        String winner = "subject-" + results.indexOf(true);
        assertEquals(winner, store.find(new GrantId("grant-1")).orElseThrow().subject());
    }

    @Test
    void replaceWhenConcurrentFromTheSameVersionThenExactlyOneWins() throws Exception {
        Grant grant = grant().version(7).build();
        store.create(grant, inOneHour());

        List<Boolean> results = Race.run(Race.THREADS, i -> store.replace(
                TestGrants.from(grant).currentRefreshToken("refresh-" + i).version(8).build(), 7, inOneHour()));

        assertEquals(1, results.stream().filter(replaced -> replaced).count());
        Grant winner = TestGrants.from(grant).currentRefreshToken("refresh-" + results.indexOf(true)).version(8)
                .build();
        assertSameGrant(winner, store.find(grant.id()).orElseThrow());
    }

    @Test
    void replaceWhenConcurrentRetryLoopsThenNoUpdateIsLost() throws Exception {
        Grant grant = grant().build();
        store.create(grant, inOneHour());
        int updatesPerThread = 50;

        Race.run(Race.THREADS, i -> {
            for (int done = 0; done < updatesPerThread; ) {
                Grant current = store.find(grant.id()).orElseThrow();
                Grant next = TestGrants.from(current).version(current.version() + 1).build();
                if (store.replace(next, current.version(), inOneHour())) {
                    done++;
                }
            }
            return null;
        });

        assertEquals((long) Race.THREADS * updatesPerThread, store.find(grant.id()).orElseThrow().version());
    }
}
