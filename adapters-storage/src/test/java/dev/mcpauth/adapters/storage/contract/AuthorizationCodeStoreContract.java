package dev.mcpauth.adapters.storage.contract;

import dev.mcpauth.application.port.out.AuthorizationCodeStore;
import dev.mcpauth.domain.token.AuthorizationCode;
import dev.mcpauth.domain.token.TokenHash;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.mcpauth.adapters.storage.contract.TestAuthorizationCodes.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link AuthorizationCodeStore} must do; a subclass supplies a fresh, empty store. */
public abstract class AuthorizationCodeStoreContract {
    protected final MutableClock clock = new MutableClock();
    private AuthorizationCodeStore store;

    protected abstract AuthorizationCodeStore newStore(Clock clock);

    @BeforeEach
    void createStore() {
        store = newStore(clock);
    }

    private Instant forgetAt(AuthorizationCode code) {
        return code.expiresAt().plus(Duration.ofMinutes(10));
    }

    @Test
    void redeemWhenSavedThenReturnsTheCodeUnredeemed() {
        AuthorizationCode code = code("code-1", clock.instant());
        store.save(code, forgetAt(code));

        assertEquals(Optional.of(code), store.redeem(code.hash()));
    }

    @Test
    void redeemWhenAlreadyRedeemedThenReturnsItRedeemed() {
        AuthorizationCode code = code("code-1", clock.instant());
        store.save(code, forgetAt(code));
        store.redeem(code.hash());

        Optional<AuthorizationCode> replay = store.redeem(code.hash());
        Optional<AuthorizationCode> secondReplay = store.redeem(code.hash());

        assertEquals(Optional.of(code.redeem()), replay);
        assertEquals(Optional.of(code.redeem()), secondReplay);
    }

    @Test
    void redeemWhenUnknownThenEmpty() {
        assertEquals(Optional.empty(), store.redeem(TokenHash.of("never-issued")));
    }

    @Test
    void redeemWhenExpiredButNotForgottenThenStillReturnsIt() {
        AuthorizationCode code = code("code-1", clock.instant());
        store.save(code, forgetAt(code));
        clock.set(code.expiresAt().plusSeconds(1));

        assertEquals(Optional.of(code), store.redeem(code.hash()));
    }

    @Test
    void redeemWhenForgetAtReachedThenEmpty() {
        AuthorizationCode code = code("code-1", clock.instant());
        store.save(code, forgetAt(code));

        clock.set(forgetAt(code).minusMillis(1));
        assertTrue(store.redeem(code.hash()).isPresent());
        clock.set(forgetAt(code));
        assertEquals(Optional.empty(), store.redeem(code.hash()));
    }

    @Test
    void redeemWhenRedeemedThenForgottenAtTheOriginalForgetAt() {
        AuthorizationCode code = code("code-1", clock.instant());
        store.save(code, forgetAt(code));
        store.redeem(code.hash());

        clock.set(forgetAt(code));

        assertEquals(Optional.empty(), store.redeem(code.hash()));
    }

    @Test
    void redeemWhenAnotherCodeWasRedeemedThenThisOneIsUnaffected() {
        AuthorizationCode first = code("code-1", clock.instant());
        AuthorizationCode second = code("code-2", clock.instant());
        store.save(first, forgetAt(first));
        store.save(second, forgetAt(second));

        store.redeem(first.hash());

        assertEquals(Optional.of(second), store.redeem(second.hash()));
    }

    @Test
    void redeemWhenConcurrentThenExactlyOneCallerSeesItUnredeemed() throws Exception {
        AuthorizationCode code = code("code-1", clock.instant());
        store.save(code, forgetAt(code));

        List<Optional<AuthorizationCode>> results = Race.run(Race.THREADS, i -> store.redeem(code.hash()));

        assertTrue(results.stream().allMatch(Optional::isPresent));
        assertEquals(1, results.stream().filter(r -> !r.get().redeemed()).count());
        assertEquals(Race.THREADS - 1, results.stream().filter(r -> r.get().redeemed()).count());
    }

    @Test
    void redeemWhenManyCodesRedeemedConcurrentlyThenEachIsRedeemedOnce() throws Exception {
        int codes = 200;
        for (int i = 0; i < codes; i++) {
            AuthorizationCode code = code("code-" + i, clock.instant());
            store.save(code, forgetAt(code));
        }

        // Every thread walks every code, so each code is contended by all threads.
        List<Long> firstRedemptions = Race.run(Race.THREADS, t -> {
            long won = 0;
            for (int i = 0; i < codes; i++) {
                if (!store.redeem(TokenHash.of("code-" + i)).orElseThrow().redeemed()) {
                    won++;
                }
            }
            return won;
        });

        assertEquals(codes, firstRedemptions.stream().mapToLong(Long::longValue).sum());
    }
}
