package dev.mcpauth.adapters.idp.jose;

import dev.mcpauth.application.port.out.KeyRingStore;
import dev.mcpauth.application.port.out.SecretSealer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Signing keys shared by every instance through the key store: the first instance generates the schedule, all of
 * them load it, and each derives the ring in force from the clock, so that a scheduled rotation takes effect
 * everywhere without coordination. The schedule holds private keys and is stored sealed.
 */
public final class SharedSigningKeys {
    static final String PURPOSE = "signing-keys";

    private final KeyRingStore store;
    private final SecretSealer sealer;
    private final Clock clock;
    private final JoseSigningKeys keys;
    private volatile String stored;
    private volatile KeySchedule schedule;

    private SharedSigningKeys(KeyRingStore store, SecretSealer sealer, Clock clock, String stored,
                              KeySchedule schedule) {
        this.store = store;
        this.sealer = sealer;
        this.clock = clock;
        this.stored = stored;
        this.schedule = schedule;
        this.keys = new JoseSigningKeys(schedule.ringAt(clock.instant()), clock);
    }

    /**
     * Loads the shared schedule, or stores a first one with a fresh key for {@code algorithm} when there is none
     * (if another instance stores one at the same time, its schedule wins and is loaded).
     *
     * @throws IllegalStateException when the stored keys cannot be opened with the configured secrets key, or use
     *                               another algorithm
     */
    public static SharedSigningKeys open(KeyRingStore store, SecretSealer sealer, SigningAlgorithm algorithm,
                                         Clock clock) {
        Objects.requireNonNull(algorithm);
        Optional<String> existing = store.load();
        if (existing.isEmpty()) {
            KeySchedule first = KeySchedule.start(SigningKey.generate(algorithm), clock.instant());
            String sealed = seal(sealer, first);
            if (store.createIfAbsent(sealed)) {
                return new SharedSigningKeys(store, sealer, clock, sealed, first);
            }
            existing = store.load();
        }
        String sealed = existing.orElseThrow(() -> new IllegalStateException("the key store lost its keys"));
        KeySchedule schedule = unseal(sealer, sealed);
        SigningAlgorithm stored = schedule.ringAt(clock.instant()).active().algorithm();
        if (stored != algorithm) {
            throw new IllegalStateException("the signing keys in token storage are " + stored + " but "
                    + "mcpauth.auth.signing.algorithm is " + algorithm + "; run rotate-keys to change algorithm");
        }
        return new SharedSigningKeys(store, sealer, clock, sealed, schedule);
    }

    /** The signer, verifier and JWKS source; its ring follows {@link #refresh()}. */
    public JoseSigningKeys keys() {
        return keys;
    }

    /** Re-reads the store (another instance may have rotated) and puts the ring in force now into effect. */
    public void refresh() {
        Optional<String> latest = store.load();
        if (latest.isEmpty()) {
            // The store lost its data (a Redis restarted without persistence): publish ours again, so that every
            // instance, and any that starts now, keeps the keys that signed the tokens in circulation.
            store.createIfAbsent(stored);
            latest = store.load();
        }
        if (latest.isPresent() && !latest.get().equals(stored)) {
            schedule = unseal(sealer, latest.get());
            stored = latest.get();
        }
        keys.replaceKeyRing(schedule.ringAt(clock.instant()));
    }

    /**
     * Schedules a new key for {@code algorithm}: published at once, signing after {@code publishLead}, while the
     * current key stays published {@code retireAfter} longer. Compare-and-set on the store, retried on conflict.
     */
    public KeySchedule.Entry rotate(SigningAlgorithm algorithm, Duration publishLead, Duration retireAfter) {
        while (true) {
            refresh();
            String expected = stored;
            KeySchedule next = schedule.rotate(SigningKey.generate(algorithm), clock.instant(), publishLead,
                    retireAfter);
            String sealed = seal(sealer, next);
            if (store.replace(expected, sealed)) {
                stored = sealed;
                schedule = next;
                keys.replaceKeyRing(next.ringAt(clock.instant()));
                return next.entries().get(next.entries().size() - 1);
            }
        }
    }

    public KeySchedule schedule() {
        return schedule;
    }

    private static String seal(SecretSealer sealer, KeySchedule schedule) {
        return sealer.seal(schedule.toJson().getBytes(StandardCharsets.UTF_8), PURPOSE);
    }

    private static KeySchedule unseal(SecretSealer sealer, String sealed) {
        byte[] json = sealer.open(sealed, PURPOSE).orElseThrow(() -> new IllegalStateException(
                "cannot open the signing keys in token storage with mcpauth.auth.secrets-key; if the key changed, "
                        + "list the old one in mcpauth.auth.previous-secrets-keys"));
        return KeySchedule.fromJson(new String(json, StandardCharsets.UTF_8));
    }
}
