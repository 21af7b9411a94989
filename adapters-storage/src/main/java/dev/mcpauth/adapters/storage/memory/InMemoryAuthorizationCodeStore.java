package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.application.port.out.AuthorizationCodeStore;
import dev.mcpauth.domain.token.AuthorizationCode;
import dev.mcpauth.domain.token.TokenHash;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Authorization codes in this JVM's memory, redeemed atomically. */
public final class InMemoryAuthorizationCodeStore implements AuthorizationCodeStore {
    private final ExpiringMap<TokenHash, AuthorizationCode> codes;

    public InMemoryAuthorizationCodeStore(Clock clock) {
        this.codes = new ExpiringMap<>(clock);
    }

    @Override
    public void save(AuthorizationCode code, Instant forgetAt) {
        codes.put(code.hash(), code, forgetAt);
    }

    @Override
    public Optional<AuthorizationCode> redeem(TokenHash hash) {
        AtomicReference<AuthorizationCode> before = new AtomicReference<>();
        codes.compute(hash, stored -> {
            if (stored == null) {
                return null;
            }
            before.set(stored.value());
            return stored.value().redeemed()
                    ? stored
                    : new ExpiringMap.Entry<>(stored.value().redeem(), stored.forgetAt());
        });
        return Optional.ofNullable(before.get());
    }
}
