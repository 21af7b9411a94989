package dev.mcpauth.adapters.idp.jose;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The signing keys at one moment: the active key that signs, and retiring public keys that still verify tokens
 * signed before a rotation. Immutable; a rotation builds a new ring. Keys are told apart by their RFC 7638 thumbprint
 * {@code kid}; a retiring key with the active key's {@code kid}, or a second one with the same {@code kid}, is dropped.
 */
public final class KeyRing {
    private final SigningKey active;
    private final List<VerificationKey> retiring;
    private final Map<String, VerificationKey> byKid;
    private final List<Map<String, Object>> publicJwks;

    public KeyRing(SigningKey active, List<VerificationKey> retiring) {
        this.active = Objects.requireNonNull(active);
        Map<String, VerificationKey> keys = new HashMap<>();
        List<VerificationKey> kept = new ArrayList<>();
        List<Map<String, Object>> jwks = new ArrayList<>();
        keys.put(active.kid(), active.verificationKey());
        jwks.add(active.verificationKey().toPublicJwk());
        for (VerificationKey key : retiring) {
            if (keys.putIfAbsent(key.kid(), key) == null) {
                kept.add(key);
                jwks.add(key.toPublicJwk());
            }
        }
        this.retiring = Collections.unmodifiableList(kept);
        this.byKid = keys;
        this.publicJwks = Collections.unmodifiableList(jwks);
    }

    /** A ring with one key and nothing retiring. */
    public static KeyRing of(SigningKey active) {
        return new KeyRing(active, List.of());
    }

    public SigningKey active() {
        return active;
    }

    /** The retiring keys, most recently retired first. */
    public List<VerificationKey> retiring() {
        return retiring;
    }

    /** A ring where {@code next} signs and the current active key becomes the first retiring key. */
    public KeyRing rotateTo(SigningKey next) {
        List<VerificationKey> nextRetiring = new ArrayList<>(retiring.size() + 1);
        nextRetiring.add(active.verificationKey());
        nextRetiring.addAll(retiring);
        return new KeyRing(next, nextRetiring);
    }

    /** A ring without the retiring key {@code kid}: tokens it signed stop verifying. */
    public KeyRing withoutRetiring(String kid) {
        List<VerificationKey> remaining = new ArrayList<>(retiring);
        remaining.removeIf(key -> key.kid().equals(kid));
        return new KeyRing(active, remaining);
    }

    /** The key with this {@code kid} among the active and the retiring keys. */
    public Optional<VerificationKey> find(String kid) {
        return Optional.ofNullable(lookup(kid));
    }

    VerificationKey lookup(String kid) {
        return kid == null ? null : byKid.get(kid);
    }

    /**
     * Whether every key of {@code other} is in this ring too, so that whatever {@code other} verified this ring
     * verifies (a {@code kid} is the key's thumbprint: the same {@code kid} is the same key).
     */
    boolean verifiesEverythingOf(KeyRing other) {
        return byKid.keySet().containsAll(other.byKid.keySet());
    }

    /** The public JWKs (RFC 7517 §4), active first, then retiring; unmodifiable and computed once. */
    public List<Map<String, Object>> publicJwks() {
        return publicJwks;
    }

    @Override
    public String toString() {
        return "KeyRing[active=" + active + ", retiring=" + retiring + "]";
    }
}
