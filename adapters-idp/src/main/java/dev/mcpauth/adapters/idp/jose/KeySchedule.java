package dev.mcpauth.adapters.idp.jose;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The signing keys over time, as shared by every instance: each key is published from the moment it joins, signs
 * from {@code activatesAt}, and stays published until {@code retiresAt}, after the tokens it signed expired. A
 * rotation therefore publishes the new key before it signs (so caches of the JWKS learn it first) and keeps the old
 * key published while its tokens live. Immutable.
 */
public final class KeySchedule {
    private final List<Entry> entries;

    private KeySchedule(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::activatesAt));
        this.entries = List.copyOf(sorted);
        if (this.entries.isEmpty()) {
            throw new IllegalArgumentException("a key schedule needs at least one key");
        }
    }

    /** One key: signs from {@code activatesAt}; {@code retiresAt} is null while no successor is scheduled. */
    public record Entry(SigningKey key, Instant activatesAt, Instant retiresAt) {
        public Entry {
            Objects.requireNonNull(key);
            Objects.requireNonNull(activatesAt);
        }
    }

    /** A schedule whose one key signs from now on. */
    public static KeySchedule start(SigningKey first, Instant now) {
        return new KeySchedule(List.of(new Entry(first, now, null)));
    }

    /**
     * Schedules {@code next}: published now, signing after {@code publishLead}; the key signing until then retires
     * {@code retireAfter} later (the longest a token it signed can live). Keys already retired are dropped.
     */
    public KeySchedule rotate(SigningKey next, Instant now, Duration publishLead, Duration retireAfter) {
        Instant activation = now.plus(publishLead);
        Instant retirement = activation.plus(retireAfter);
        List<Entry> kept = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.retiresAt() != null && !entry.retiresAt().isAfter(now)) {
                continue;
            }
            boolean stillSigningThen = entry.retiresAt() == null;
            kept.add(stillSigningThen ? new Entry(entry.key(), entry.activatesAt(), retirement) : entry);
        }
        kept.add(new Entry(next, activation, null));
        return new KeySchedule(kept);
    }

    /** The ring in force at {@code now}: the latest activated key signs; every other unretired key verifies. */
    public KeyRing ringAt(Instant now) {
        Entry signing = entries.get(0);
        for (Entry entry : entries) {
            if (!entry.activatesAt().isAfter(now)) {
                signing = entry;
            }
        }
        List<VerificationKey> others = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry entry = entries.get(i);
            boolean retired = entry.retiresAt() != null && !entry.retiresAt().isAfter(now);
            if (entry != signing && !retired) {
                others.add(entry.key().verificationKey());
            }
        }
        return new KeyRing(signing.key(), others);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The schedule as JSON, private keys included: store it only sealed. */
    public String toJson() {
        List<Object> keys = new ArrayList<>();
        for (Entry entry : entries) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("jwk", parse(entry.key().toPrivateJwkJson()));
            item.put("activatesAt", entry.activatesAt().toEpochMilli());
            if (entry.retiresAt() != null) {
                item.put("retiresAt", entry.retiresAt().toEpochMilli());
            }
            keys.add(item);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("keys", keys);
        return JSONObjectUtils.toJSONString(json);
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("a key serialized itself as invalid JSON", e);
        }
    }

    public static KeySchedule fromJson(String json) {
        try {
            List<Entry> entries = new ArrayList<>();
            for (Object item : JSONObjectUtils.getJSONArray(JSONObjectUtils.parse(json), "keys")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> key = (Map<String, Object>) item;
                Object retires = key.get("retiresAt");
                entries.add(new Entry(SigningKey.fromPrivateJwk(JSONObjectUtils.toJSONString(
                        JSONObjectUtils.getJSONObject(key, "jwk"))),
                        Instant.ofEpochMilli(((Number) key.get("activatesAt")).longValue()),
                        retires == null ? null : Instant.ofEpochMilli(((Number) retires).longValue())));
            }
            return new KeySchedule(entries);
        } catch (ParseException | IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("the stored signing key schedule is malformed");
        }
    }
}
