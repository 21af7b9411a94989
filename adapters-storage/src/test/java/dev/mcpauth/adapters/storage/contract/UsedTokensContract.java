package dev.mcpauth.adapters.storage.contract;

import dev.mcpauth.application.port.out.UsedTokens;
import dev.mcpauth.domain.token.TokenHash;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link UsedTokens} must do; a subclass supplies a fresh, empty ledger. */
public abstract class UsedTokensContract {
    protected final MutableClock clock = new MutableClock();
    private UsedTokens ledger;

    protected abstract UsedTokens newLedger(Clock clock);

    @BeforeEach
    void createLedger() {
        ledger = newLedger(clock);
    }

    private Instant inTenMinutes() {
        return clock.instant().plus(Duration.ofMinutes(10));
    }

    @Test
    void firstUseWhenNeverSeenThenTrue() {
        assertTrue(ledger.firstUse(TokenHash.of("code-1"), inTenMinutes()));
    }

    @Test
    void firstUseWhenUsedBeforeThenFalseEveryTime() {
        TokenHash hash = TokenHash.of("code-1");
        Instant forgetAt = inTenMinutes();
        ledger.firstUse(hash, forgetAt);

        assertFalse(ledger.firstUse(hash, forgetAt));
        assertFalse(ledger.firstUse(hash, forgetAt.plus(Duration.ofHours(1))));
    }

    @Test
    void firstUseWhenAnotherTokenWasUsedThenThisOneIsUnaffected() {
        ledger.firstUse(TokenHash.of("code-1"), inTenMinutes());

        assertTrue(ledger.firstUse(TokenHash.of("code-2"), inTenMinutes()));
    }

    @Test
    void firstUseWhenJustBeforeForgetAtThenStillRecognised() {
        TokenHash hash = TokenHash.of("code-1");
        Instant forgetAt = inTenMinutes();
        ledger.firstUse(hash, forgetAt);

        clock.set(forgetAt.minusMillis(1));

        assertFalse(ledger.firstUse(hash, forgetAt));
    }

    @Test
    void firstUseWhenForgetAtReachedThenForgotten() {
        TokenHash hash = TokenHash.of("code-1");
        Instant forgetAt = inTenMinutes();
        ledger.firstUse(hash, forgetAt);

        clock.set(forgetAt);

        assertTrue(ledger.firstUse(hash, inTenMinutes()));
    }

    @Test
    void firstUseWhenLaterUseNamesALaterForgetAtThenTheFirstForgetAtStands() {
        TokenHash hash = TokenHash.of("code-1");
        Instant forgetAt = inTenMinutes();
        ledger.firstUse(hash, forgetAt);
        ledger.firstUse(hash, forgetAt.plus(Duration.ofHours(1)));

        clock.set(forgetAt);

        assertTrue(ledger.firstUse(hash, inTenMinutes()));
    }

    @Test
    void firstUseWhenSixteenThreadsRaceThenExactlyOneIsFirst() throws Exception {
        TokenHash hash = TokenHash.of("code-1");
        Instant forgetAt = inTenMinutes();

        List<Boolean> results = Race.run(Race.THREADS, i -> ledger.firstUse(hash, forgetAt));

        assertEquals(1, results.stream().filter(Boolean::booleanValue).count());
    }

    @Test
    void firstUseWhenManyTokensRacedByAllThreadsThenEachHasExactlyOneFirstUse() throws Exception {
        int tokens = 200;
        Instant forgetAt = inTenMinutes();

        // Every thread walks every token, so each token is contended by all threads.
        List<Long> firstUses = Race.run(Race.THREADS, t -> {
            long won = 0;
            for (int i = 0; i < tokens; i++) {
                if (ledger.firstUse(TokenHash.of("code-" + i), forgetAt)) {
                    won++;
                }
            }
            return won;
        });

        assertEquals(tokens, firstUses.stream().mapToLong(Long::longValue).sum());
    }
}
