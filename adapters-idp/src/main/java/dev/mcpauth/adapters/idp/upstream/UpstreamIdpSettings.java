package dev.mcpauth.adapters.idp.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link UpstreamJwtVerifier} trusts the IdP of transparent mode: the issuers and audiences a token must name,
 * and where the keys come from (an inline JWKS, a {@code jwks_uri}, or else the issuer's metadata, OpenID Connect
 * Discovery 1.0 §4 then RFC 8414 §3), with the cache and fetch limits. Start from {@link #of(String, List)}.
 *
 * @param issuer             the {@code iss} tokens must carry; also where discovery looks when no keys are configured
 * @param additionalIssuers  further accepted {@code iss} values (Entra ID v1 and v2 issuers, for example)
 * @param expectedAudiences  a token's {@code aud} must contain one of these; never empty (RFC 9068 §4, RFC 8707)
 * @param jwks               an inline JWK Set (RFC 7517 §5) as JSON; no fetching at all when present
 * @param jwksUri            where the JWK Set is fetched from, skipping discovery
 * @param clockSkew          tolerance on {@code exp}, {@code nbf} and {@code iat}
 * @param refetchMinInterval the least time between two fetches (an unknown {@code kid}, or retrying a failed fetch)
 * @param cacheTtl           how long fetched keys are used before they are fetched again
 * @param staleGrace         how long past {@code cacheTtl} cached keys stay usable while the IdP cannot be reached
 * @param fetchTimeout       the limit on fetching one document, redirects included
 * @param maxDocumentBytes   the largest discovery document or JWK Set read
 */
public record UpstreamIdpSettings(String issuer, List<String> additionalIssuers, List<String> expectedAudiences,
                                  Optional<String> jwks, Optional<URI> jwksUri, Duration clockSkew,
                                  Duration refetchMinInterval, Duration cacheTtl, Duration staleGrace,
                                  Duration fetchTimeout, int maxDocumentBytes) {
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    public static final Duration DEFAULT_REFETCH_MIN_INTERVAL = Duration.ofSeconds(30);
    /** As FrontMCP caches JWKS. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofHours(6);
    public static final Duration DEFAULT_STALE_GRACE = Duration.ofHours(24);
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_DOCUMENT_BYTES = 1024 * 1024;

    /**
     * @throws IllegalArgumentException naming the setting when one is missing or out of range; whether the issuer can
     *                                  be used for discovery is checked by {@link UpstreamJwtVerifier}
     */
    public UpstreamIdpSettings {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("the upstream issuer is required");
        }
        additionalIssuers = copyNonBlank(additionalIssuers, "additional issuer");
        expectedAudiences = copyNonBlank(expectedAudiences, "expected audience");
        if (expectedAudiences.isEmpty()) {
            throw new IllegalArgumentException("at least one expected audience is required");
        }
        Objects.requireNonNull(jwks, "jwks");
        Objects.requireNonNull(jwksUri, "jwksUri");
        if (jwks.isPresent() && jwksUri.isPresent()) {
            throw new IllegalArgumentException("set either an inline JWKS or a jwks-uri, not both");
        }
        if (jwks.isPresent() && jwks.get().isBlank()) {
            throw new IllegalArgumentException("the inline JWKS is empty");
        }
        jwksUri.ifPresent(uri -> FetchPolicy.checkFetchable(uri, "jwks-uri"));
        requireNotNegative(clockSkew, "clock skew");
        requirePositive(refetchMinInterval, "refetch min interval");
        requirePositive(cacheTtl, "cache TTL");
        requireNotNegative(staleGrace, "stale grace");
        requirePositive(fetchTimeout, "fetch timeout");
        if (maxDocumentBytes <= 0) {
            throw new IllegalArgumentException("max document size must be positive");
        }
    }

    /** The defaults: keys from the issuer's metadata, 60 s skew, 30 s refetch interval, 6 h cache, 24 h grace, 5 s, 1 MiB. */
    public static UpstreamIdpSettings of(String issuer, List<String> expectedAudiences) {
        return new UpstreamIdpSettings(issuer, List.of(), expectedAudiences, Optional.empty(), Optional.empty(),
                DEFAULT_CLOCK_SKEW, DEFAULT_REFETCH_MIN_INTERVAL, DEFAULT_CACHE_TTL, DEFAULT_STALE_GRACE,
                DEFAULT_FETCH_TIMEOUT, DEFAULT_MAX_DOCUMENT_BYTES);
    }

    public UpstreamIdpSettings withAdditionalIssuers(List<String> value) {
        return new UpstreamIdpSettings(issuer, value, expectedAudiences, jwks, jwksUri, clockSkew,
                refetchMinInterval, cacheTtl, staleGrace, fetchTimeout, maxDocumentBytes);
    }

    /** Keys from this inline JWK Set JSON instead of fetching them. */
    public UpstreamIdpSettings withJwks(String json) {
        return new UpstreamIdpSettings(issuer, additionalIssuers, expectedAudiences, Optional.of(json), jwksUri,
                clockSkew, refetchMinInterval, cacheTtl, staleGrace, fetchTimeout, maxDocumentBytes);
    }

    public UpstreamIdpSettings withJwksUri(URI uri) {
        return new UpstreamIdpSettings(issuer, additionalIssuers, expectedAudiences, jwks, Optional.of(uri),
                clockSkew, refetchMinInterval, cacheTtl, staleGrace, fetchTimeout, maxDocumentBytes);
    }

    public UpstreamIdpSettings withClockSkew(Duration value) {
        return new UpstreamIdpSettings(issuer, additionalIssuers, expectedAudiences, jwks, jwksUri, value,
                refetchMinInterval, cacheTtl, staleGrace, fetchTimeout, maxDocumentBytes);
    }

    public UpstreamIdpSettings withRefetchMinInterval(Duration value) {
        return new UpstreamIdpSettings(issuer, additionalIssuers, expectedAudiences, jwks, jwksUri, clockSkew,
                value, cacheTtl, staleGrace, fetchTimeout, maxDocumentBytes);
    }

    public UpstreamIdpSettings withCacheTtl(Duration value) {
        return new UpstreamIdpSettings(issuer, additionalIssuers, expectedAudiences, jwks, jwksUri, clockSkew,
                refetchMinInterval, value, staleGrace, fetchTimeout, maxDocumentBytes);
    }

    public UpstreamIdpSettings withStaleGrace(Duration value) {
        return new UpstreamIdpSettings(issuer, additionalIssuers, expectedAudiences, jwks, jwksUri, clockSkew,
                refetchMinInterval, cacheTtl, value, fetchTimeout, maxDocumentBytes);
    }

    public UpstreamIdpSettings withFetchTimeout(Duration value) {
        return new UpstreamIdpSettings(issuer, additionalIssuers, expectedAudiences, jwks, jwksUri, clockSkew,
                refetchMinInterval, cacheTtl, staleGrace, value, maxDocumentBytes);
    }

    public UpstreamIdpSettings withMaxDocumentBytes(int value) {
        return new UpstreamIdpSettings(issuer, additionalIssuers, expectedAudiences, jwks, jwksUri, clockSkew,
                refetchMinInterval, cacheTtl, staleGrace, fetchTimeout, value);
    }

    /** Whether {@code iss} is the issuer or one of the additional ones (exact string comparison). */
    boolean trustsIssuer(String iss) {
        return issuer.equals(iss) || additionalIssuers.contains(iss);
    }

    private static List<String> copyNonBlank(List<String> values, String what) {
        Objects.requireNonNull(values, what);
        for (String value : values) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("an empty " + what + " is not allowed");
            }
        }
        return List.copyOf(values);
    }

    private static void requirePositive(Duration value, String what) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }

    private static void requireNotNegative(Duration value, String what) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative");
        }
    }
}
