package dev.mcpauth.adapters.idp.upstream;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import dev.mcpauth.adapters.idp.jose.VerifiedTokenCache;
import dev.mcpauth.application.port.in.UpstreamClaims;

import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The usable keys of one JWK Set (RFC 7517 §5) as fetched at one instant, indexed by {@code kid}, and the tokens they
 * verified. Keys that cannot verify (other types, curves or uses, malformed) are left out one by one rather than
 * failing the whole set.
 */
final class UpstreamKeySet {
    private static final System.Logger LOG = System.getLogger(UpstreamKeySet.class.getName());

    private final Instant fetchedAt;
    private final List<UpstreamKey> keys;
    private final Map<String, List<UpstreamKey>> byKid;
    /** Each key by the JSON it came from, so the next fetch can keep verifiers of unchanged keys. */
    private final Map<Map<String, Object>, UpstreamKey> bySource;
    private final VerifiedTokenCache<UpstreamClaims> verifiedTokens;

    private UpstreamKeySet(Instant fetchedAt, Map<Map<String, Object>, UpstreamKey> bySource,
                           UpstreamKeySet previous) {
        this.fetchedAt = fetchedAt;
        this.bySource = bySource;
        this.keys = List.copyOf(bySource.values());
        // A key that left the set (or changed) must stop verifying at once: its tokens are forgotten with the rest.
        // A set that kept every key, as most fetches do, keeps what they verified.
        this.verifiedTokens = previous != null && keys.containsAll(previous.keys)
                ? previous.verifiedTokens : new VerifiedTokenCache<>();
        Map<String, List<UpstreamKey>> index = new HashMap<>();
        for (UpstreamKey key : keys) {
            if (key.kid() != null) {
                index.computeIfAbsent(key.kid(), k -> new ArrayList<>(1)).add(key);
            }
        }
        this.byKid = index;
    }

    /**
     * Reads the {@code keys} of a JWK Set document; {@code previous} (may be null) lends the verifiers of keys that
     * did not change, and the tokens it verified if no key left.
     */
    static UpstreamKeySet parse(Map<String, Object> document, Instant fetchedAt, UpstreamKeySet previous) {
        Map<Map<String, Object>, UpstreamKey> bySource = new LinkedHashMap<>();
        Object entries = document.get("keys");
        if (entries instanceof List) {
            for (Object entry : (List<?>) entries) {
                if (!(entry instanceof Map)) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> source = (Map<String, Object>) entry;
                UpstreamKey reused = previous == null ? null : previous.bySource.get(source);
                if (reused != null) {
                    bySource.put(source, reused);
                    continue;
                }
                Object kid = source.get("kid");
                try {
                    bySource.put(source, UpstreamKey.of(JWK.parse(source)));
                } catch (ParseException | IllegalArgumentException e) {
                    LOG.log(System.Logger.Level.DEBUG, "upstream JWK kid={0} left out: {1}", kid,
                            e instanceof ParseException ? "malformed" : e.getMessage());
                }
            }
        }
        return new UpstreamKeySet(fetchedAt, Collections.unmodifiableMap(bySource), previous);
    }

    Instant fetchedAt() {
        return fetchedAt;
    }

    /** The claims of the tokens these keys verified, shared with the sets fetched since as long as no key left. */
    VerifiedTokenCache<UpstreamClaims> verifiedTokens() {
        return verifiedTokens;
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    boolean knowsKid(String kid) {
        return byKid.containsKey(kid);
    }

    /** The keys that may verify a token with this {@code kid} (any key when null) and algorithm. */
    List<UpstreamKey> candidates(String kid, JWSAlgorithm algorithm) {
        List<UpstreamKey> pool = kid == null ? keys : byKid.getOrDefault(kid, List.of());
        List<UpstreamKey> matching = new ArrayList<>(pool.size());
        for (UpstreamKey key : pool) {
            if (key.accepts(algorithm)) {
                matching.add(key);
            }
        }
        return matching;
    }
}
