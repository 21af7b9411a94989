package dev.mcpauth.application.fakes;

import dev.mcpauth.application.port.out.AuthorizationCodeStore;
import dev.mcpauth.domain.token.AuthorizationCode;
import dev.mcpauth.domain.token.TokenHash;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Codes by hash; redeem is atomic (synchronized) and codes are forgotten at their {@code forgetAt}. */
public final class InMemoryAuthorizationCodeStore implements AuthorizationCodeStore {
    private final Clock clock;
    private final Map<TokenHash, AuthorizationCode> codes = new HashMap<>();
    private final Map<TokenHash, Instant> forgetAt = new HashMap<>();

    public InMemoryAuthorizationCodeStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void save(AuthorizationCode code, Instant forgetAt) {
        codes.put(code.hash(), code);
        this.forgetAt.put(code.hash(), forgetAt);
    }

    @Override
    public synchronized Optional<AuthorizationCode> redeem(TokenHash hash) {
        Optional<AuthorizationCode> stored = find(hash);
        stored.ifPresent(code -> codes.put(hash, code.redeem()));
        return stored;
    }

    /** The stored code, as it is now. */
    public synchronized Optional<AuthorizationCode> find(TokenHash hash) {
        Instant forget = forgetAt.get(hash);
        if (forget != null && !clock.instant().isBefore(forget)) {
            codes.remove(hash);
            forgetAt.remove(hash);
        }
        return Optional.ofNullable(codes.get(hash));
    }

    public synchronized Optional<Instant> forgetAt(TokenHash hash) {
        return Optional.ofNullable(forgetAt.get(hash));
    }

    public synchronized int size() {
        return codes.size();
    }
}
