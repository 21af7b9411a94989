package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.adapters.storage.contract.UsedTokensContract;
import dev.mcpauth.application.port.out.UsedTokens;
import dev.mcpauth.domain.token.TokenHash;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryUsedTokensTest extends UsedTokensContract {
    @Override
    protected UsedTokens newLedger(Clock clock) {
        return new InMemoryUsedTokens(clock);
    }

    @Test
    void firstUseWhenMostEntriesHaveExpiredThenTheyAreSweptAsWritesComeIn() {
        InMemoryUsedTokens ledger = new InMemoryUsedTokens(clock);
        for (int i = 0; i < 20_000; i++) {
            Instant forgetAt = clock.instant().plus(Duration.ofSeconds(1));
            assertTrue(ledger.firstUse(TokenHash.of("code-" + i), forgetAt));
            clock.advance(Duration.ofSeconds(1));
        }

        assertTrue(ledger.storedSize() < 1_000, "expired entries were never swept: " + ledger.storedSize());
    }
}
