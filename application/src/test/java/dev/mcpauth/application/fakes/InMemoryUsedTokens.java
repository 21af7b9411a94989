package dev.mcpauth.application.fakes;

import dev.mcpauth.application.port.out.UsedTokens;
import dev.mcpauth.domain.token.TokenHash;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** First uses by hash; atomic (synchronized), each forgotten at its {@code forgetAt}. */
public final class InMemoryUsedTokens implements UsedTokens {
    private final Clock clock;
    private final Map<TokenHash, Instant> forgetAt = new HashMap<>();

    public InMemoryUsedTokens(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized boolean firstUse(TokenHash hash, Instant forgetAt) {
        Instant known = this.forgetAt.get(hash);
        if (known != null && clock.instant().isBefore(known)) {
            return false;
        }
        this.forgetAt.put(hash, forgetAt);
        return true;
    }

    /** When the recorded use of {@code hash} is forgotten; empty when none was recorded. */
    public synchronized Optional<Instant> forgetAt(TokenHash hash) {
        return Optional.ofNullable(forgetAt.get(hash));
    }

    public synchronized int size() {
        return forgetAt.size();
    }
}
