package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.application.port.out.UsedTokens;
import dev.mcpauth.domain.token.TokenHash;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/** The single-use ledger in this JVM's memory: the first use is recorded atomically and forgotten at its instant. */
public final class InMemoryUsedTokens implements UsedTokens {
    private final ExpiringMap<TokenHash, Boolean> used;

    public InMemoryUsedTokens(Clock clock) {
        this.used = new ExpiringMap<>(clock);
    }

    @Override
    public boolean firstUse(TokenHash hash, Instant forgetAt) {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(forgetAt, "forgetAt");
        AtomicBoolean first = new AtomicBoolean();
        // compute is atomic per key: of racing callers exactly one finds no live entry and records it.
        used.compute(hash, live -> {
            if (live != null) {
                return live;
            }
            first.set(true);
            return new ExpiringMap.Entry<>(Boolean.TRUE, forgetAt);
        });
        return first.get();
    }

    /** The entries held, expired ones not yet swept included. */
    int storedSize() {
        return used.storedSize();
    }
}
