package dev.mcpauth.adapters.idp.upstream;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpauth.application.port.in.UpstreamClaims;
import dev.mcpauth.application.port.out.UpstreamTokenVerifier;
import dev.mcpauth.application.port.out.UpstreamUnavailableException;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.scope.Scopes;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Verifies bearer JWTs of the upstream IdP in transparent mode (RFC 9068 §4, RFC 8725): a pinned asymmetric
 * algorithm, a signature by a key of the IdP's JWK Set, then {@code iss}, {@code aud}, {@code exp}, {@code nbf},
 * {@code iat} and {@code sub}.
 *
 * <p>Keys come from the inline JWK Set, or are fetched from {@code jwks_uri} or the {@code jwks_uri} of the issuer's
 * metadata, and cached for the cache TTL. An unknown {@code kid} triggers a re-fetch, at most one per refetch
 * interval (a failed fetch is not retried sooner either); when the IdP cannot be reached, cached keys stay usable for
 * the stale grace past their TTL, after which, as when no keys were ever had, {@link UpstreamUnavailableException} is
 * thrown. One fetch at a time: concurrent verifications wait for the one in flight. Thread-safe.
 *
 * <p>A token that passed every check is remembered with its claims until it expires (plus the clock skew), so that
 * the same token presented again costs no second signature check. Remembered tokens answer only while the keys need
 * no fetch; when a fetch drops a key, they are forgotten (see {@link UpstreamKeySet}).
 */
public final class UpstreamJwtVerifier implements UpstreamTokenVerifier {
    /** Far above what an IdP issues (Entra ID tokens with groups stay under 16 KiB); bounds the parsing work. */
    static final int MAX_TOKEN_CHARS = 32 * 1024;
    private static final System.Logger LOG = System.getLogger(UpstreamJwtVerifier.class.getName());
    private static final String INVALID = "the access token is invalid";

    private final UpstreamIdpSettings settings;
    private final Clock clock;
    /** Null with an inline JWK Set: nothing is ever fetched. */
    private final JsonDocumentFetcher fetcher;
    private final Object lock = new Object();
    /** Null until keys were had once. */
    private volatile UpstreamKeySet keys;
    private volatile URI discoveredJwksUri;
    /** No fetch starts before this instant, set by a fetch for an unknown kid and by a failed fetch; may be null. */
    private Instant throttledUntil;
    private CompletableFuture<UpstreamKeySet> inFlight;

    /**
     * @throws IllegalArgumentException when the inline JWK Set is malformed or holds no usable signing key (the
     *                                  message holds no key material), or when discovery is needed and the issuer is
     *                                  not an https URL (or http on a loopback host)
     */
    public UpstreamJwtVerifier(UpstreamIdpSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
        if (settings.jwks().isPresent()) {
            this.fetcher = null;
            this.keys = parseInlineJwks(settings.jwks().get(), clock.instant());
        } else {
            if (settings.jwksUri().isEmpty()) {
                checkDiscoverable(settings.issuer());
            }
            this.fetcher = new JsonDocumentFetcher(settings.fetchTimeout(), settings.maxDocumentBytes());
        }
    }

    private static void checkDiscoverable(String issuer) {
        URI uri;
        try {
            uri = new URI(issuer);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the upstream issuer is not a URL; configure its jwks-uri or jwks");
        }
        FetchPolicy.checkFetchable(uri, "the upstream issuer (used for discovery without jwks-uri or jwks)");
        if (uri.getRawQuery() != null) {
            throw new IllegalArgumentException("the upstream issuer must not carry a query (RFC 8414 §2)");
        }
    }

    @Override
    public UpstreamClaims verify(String token) {
        if (token == null || token.isBlank()) {
            throw invalid("an access token is required", "no bearer token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw invalid(INVALID, "token longer than " + MAX_TOKEN_CHARS + " characters");
        }
        Instant now = clock.instant();
        Optional<UpstreamClaims> remembered = rememberedClaims(token, now);
        if (remembered.isPresent()) {
            return remembered.get();
        }
        checkCompactJws(token);
        JWSAlgorithm algorithm = algorithmOf(token);
        // RFC 8725 §3.1 and §2.1: the algorithm is pinned before any key is looked at; none and HS* never pass
        if (!UpstreamKey.ACCEPTED_ALGORITHMS.contains(algorithm)) {
            throw invalid("the access token's signing algorithm is not accepted", "alg " + printable(algorithm.getName()));
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw invalid(INVALID, "malformed JWS");
        }
        JWSHeader header = jwt.getHeader();
        // RFC 7515 §4.1.11: no extension is understood here, so none may be critical
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw invalid(INVALID, "critical header parameters " + printable(header.getCriticalParams().toString()));
        }
        UpstreamKeySet verifiedWith = checkSignature(jwt, header, now);
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid(INVALID, "malformed claims");
        }
        UpstreamClaims checked = checkClaims(claims, now);
        // nbf and iat, once passed, stay passed: only exp can end the token's validity
        verifiedWith.verifiedTokens().remember(token, checked, checked.expiresAt().plus(settings.clockSkew()), now);
        return checked;
    }

    /**
     * The claims of a token the current keys verified before, while they need no fetch: once the cache TTL is over,
     * the token goes the whole way, so that a fetch happens and keys past their stale grace fail as they would.
     */
    private Optional<UpstreamClaims> rememberedClaims(String token, Instant now) {
        UpstreamKeySet current = keys;
        if (current == null || !isFresh(current, now)) {
            return Optional.empty();
        }
        return current.verifiedTokens().find(token, now);
    }

    private boolean isFresh(UpstreamKeySet keySet, Instant now) {
        return fetcher == null || now.isBefore(keySet.fetchedAt().plus(settings.cacheTtl()));
    }

    private static void checkCompactJws(String token) {
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '.') {
                dots++;
            }
        }
        if (dots == 4) {
            throw invalid("the access token is not a signed JWT", "JWE compact serialization");
        }
        if (dots != 2) {
            throw invalid("the access token is not a JWT", "opaque or malformed token");
        }
    }

    private static JWSAlgorithm algorithmOf(String token) {
        Map<String, Object> header;
        try {
            header = JSONObjectUtils.parse(new Base64URL(token.substring(0, token.indexOf('.'))).decodeToString());
        } catch (ParseException | RuntimeException e) {
            throw invalid(INVALID, "malformed JOSE header");
        }
        Object alg = header.get("alg");
        if (!(alg instanceof String) || ((String) alg).isEmpty()) {
            throw invalid(INVALID, "JOSE header without alg");
        }
        return JWSAlgorithm.parse((String) alg);
    }

    /** Answers the key set whose key verified the signature. */
    private UpstreamKeySet checkSignature(SignedJWT jwt, JWSHeader header, Instant now) {
        UpstreamKeySet cached = keys;
        UpstreamKeySet current = currentKeys(now);
        String kid = header.getKeyID();
        boolean justFetched = current != cached;
        if (kid != null && !current.knowsKid(kid) && fetcher != null && !justFetched) {
            // the IdP may have rotated its keys since the last fetch
            current = refresh(now, true);
        }
        if (kid != null && !current.knowsKid(kid)) {
            throw invalid("the access token's signing key is unknown", "kid " + printable(kid) + " not in the JWKS");
        }
        List<UpstreamKey> candidates = current.candidates(kid, header.getAlgorithm());
        if (candidates.isEmpty()) {
            throw invalid("the access token's signing algorithm is not accepted",
                    "no key " + (kid == null ? "" : "with kid " + printable(kid) + " ") + "for alg "
                            + header.getAlgorithm());
        }
        byte[] signingInput = jwt.getSigningInput();
        for (UpstreamKey key : candidates) {
            if (key.verify(header, signingInput, jwt.getSignature())) {
                return current;
            }
        }
        throw invalid("the access token's signature is invalid",
                "signature check failed" + (kid == null ? "" : " for kid " + printable(kid)));
    }

    private UpstreamClaims checkClaims(JWTClaimsSet claims, Instant now) {
        Duration skew = settings.clockSkew();
        String issuer = claims.getIssuer();
        if (issuer == null || !settings.trustsIssuer(issuer)) {
            throw invalid("the access token's issuer is not trusted", "iss " + printable(issuer));
        }
        Date expiry = claims.getExpirationTime();
        if (expiry == null) {
            throw invalid("the access token has no expiry", "no exp");
        }
        Instant expiresAt = expiry.toInstant();
        if (!now.minus(skew).isBefore(expiresAt)) {
            throw invalid("the access token expired", "expired at " + expiresAt);
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().isAfter(now.plus(skew))) {
            throw invalid("the access token is not yet valid", "nbf " + notBefore.toInstant());
        }
        Date issuedAt = claims.getIssueTime();
        if (issuedAt != null && issuedAt.toInstant().isAfter(now.plus(skew))) {
            throw invalid("the access token is not yet valid", "iat " + issuedAt.toInstant() + " in the future");
        }
        // RFC 9068 §4: the audience must name this resource
        List<String> audiences = claims.getAudience();
        if (audiences.stream().noneMatch(settings.expectedAudiences()::contains)) {
            throw invalid("the access token is not for this resource", "aud " + printable(audiences.toString()));
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw invalid("the access token has no subject", "no sub");
        }
        return new UpstreamClaims(issuer, subject, audiences, scopesOf(claims), clientIdOf(claims), expiresAt);
    }

    /** {@code scope} (RFC 9068 §2.2.3, space-delimited) or else {@code scp} (Okta: array; Entra ID: string). */
    private static Scopes scopesOf(JWTClaimsSet claims) {
        Object value = claims.getClaim("scope");
        if (value == null) {
            value = claims.getClaim("scp");
        }
        List<String> tokens = new ArrayList<>();
        if (value instanceof String) {
            tokens.addAll(List.of(((String) value).split(" ")));
        } else if (value instanceof List) {
            for (Object element : (List<?>) value) {
                if (element instanceof String) {
                    tokens.addAll(List.of(((String) element).split(" ")));
                }
            }
        }
        List<String> valid = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            // a scope RFC 6749 §3.3 forbids can match no required scope: dropped rather than failing the token
            if (isScopeToken(token)) {
                valid.add(token);
            }
        }
        return Scopes.of(valid);
    }

    private static boolean isScopeToken(String token) {
        if (token.isEmpty()) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e))) {
                return false;
            }
        }
        return true;
    }

    /** {@code client_id} (RFC 9068 §2.2), else {@code azp} (OIDC, Keycloak, Entra ID v2), else {@code cid} (Okta). */
    private static Optional<String> clientIdOf(JWTClaimsSet claims) {
        for (String name : List.of("client_id", "azp", "cid")) {
            Object value = claims.getClaim(name);
            if (value instanceof String && !((String) value).isBlank()) {
                return Optional.of((String) value);
            }
        }
        return Optional.empty();
    }

    private UpstreamKeySet currentKeys(Instant now) {
        UpstreamKeySet current = keys;
        if (fetcher == null || (current != null && isFresh(current, now))) {
            return current;
        }
        return refresh(now, false);
    }

    /**
     * Fetches the keys, or joins the fetch in flight. A fetch for an unknown {@code kid}, and any fetch after a failed
     * one, waits for the refetch interval to pass; until then the keys at hand are answered. Answers the keys to use,
     * or throws when none are usable.
     */
    private UpstreamKeySet refresh(Instant now, boolean forUnknownKid) {
        CompletableFuture<UpstreamKeySet> pending;
        boolean leader = false;
        synchronized (lock) {
            if (inFlight != null) {
                pending = inFlight;
            } else if (throttledUntil != null && now.isBefore(throttledUntil)) {
                return usableOrUnavailable(now, null);
            } else {
                if (forUnknownKid) {
                    throttledUntil = now.plus(settings.refetchMinInterval());
                }
                pending = new CompletableFuture<>();
                inFlight = pending;
                leader = true;
            }
        }
        if (leader) {
            try {
                UpstreamKeySet fetched = fetchKeySet(now);
                keys = fetched;
                pending.complete(fetched);
            } catch (FetchException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot fetch the keys of upstream IdP {0}: {1}",
                        settings.issuer(), e.getMessage());
                synchronized (lock) {
                    throttledUntil = now.plus(settings.refetchMinInterval());
                }
                pending.completeExceptionally(e);
            } finally {
                if (!pending.isDone()) {
                    pending.completeExceptionally(new IllegalStateException("key fetch aborted"));
                }
                synchronized (lock) {
                    inFlight = null;
                }
            }
        }
        try {
            return pending.join();
        } catch (CompletionException e) {
            return usableOrUnavailable(now, e.getCause());
        }
    }

    private UpstreamKeySet usableOrUnavailable(Instant now, Throwable cause) {
        UpstreamKeySet current = keys;
        if (current != null) {
            Instant staleUntil = current.fetchedAt().plus(settings.cacheTtl()).plus(settings.staleGrace());
            if (now.isBefore(staleUntil)) {
                return current;
            }
        }
        throw new UpstreamUnavailableException(current == null
                ? "the keys of upstream IdP " + settings.issuer() + " cannot be fetched"
                : "the cached keys of upstream IdP " + settings.issuer() + " are past their stale grace", cause);
    }

    private UpstreamKeySet fetchKeySet(Instant now) throws FetchException {
        URI jwksUri = settings.jwksUri().orElse(discoveredJwksUri);
        if (jwksUri == null) {
            jwksUri = discoverJwksUri();
            discoveredJwksUri = jwksUri;
        }
        Map<String, Object> document;
        try {
            document = fetcher.fetch(jwksUri);
        } catch (FetchException e) {
            // the metadata may have moved the JWK Set: look it up again next time
            discoveredJwksUri = null;
            throw e;
        }
        UpstreamKeySet fetched = UpstreamKeySet.parse(document, now, keys);
        if (fetched.isEmpty()) {
            throw new FetchException(jwksUri + " holds no usable signing key", 200);
        }
        return fetched;
    }

    /**
     * OpenID Connect Discovery 1.0 §4 first, then RFC 8414 §3.1 (path-inserted); the metadata's {@code issuer} must
     * be the configured one (RFC 8414 §3.3). A host that does not answer, or fails, is not asked twice.
     */
    private URI discoverJwksUri() throws FetchException {
        FetchException last = null;
        for (URI metadataUri : discoveryUris(settings.issuer())) {
            try {
                Map<String, Object> metadata = fetcher.fetch(metadataUri);
                if (!settings.issuer().equals(metadata.get("issuer"))) {
                    last = new FetchException(metadataUri + " names another issuer", 200);
                    continue;
                }
                Object jwksUri = metadata.get("jwks_uri");
                if (!(jwksUri instanceof String)) {
                    last = new FetchException(metadataUri + " has no jwks_uri", 200);
                    continue;
                }
                URI parsed = new URI((String) jwksUri);
                String problem = FetchPolicy.problemWith(parsed);
                if (problem != null) {
                    last = new FetchException("jwks_uri of " + metadataUri + " " + problem, 200);
                    continue;
                }
                return parsed;
            } catch (URISyntaxException e) {
                last = new FetchException("jwks_uri of " + metadataUri + " is malformed", 200);
            } catch (FetchException e) {
                if (!e.worthAnotherUrl()) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    static List<URI> discoveryUris(String issuer) {
        URI uri = URI.create(issuer);
        String origin = uri.getScheme() + "://" + uri.getRawAuthority();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return List.of(
                URI.create(origin + path + "/.well-known/openid-configuration"),
                URI.create(origin + "/.well-known/oauth-authorization-server" + path));
    }

    private static UpstreamKeySet parseInlineJwks(String json, Instant now) {
        UpstreamKeySet parsed;
        try {
            parsed = UpstreamKeySet.parse(JSONObjectUtils.parse(json), now, null);
        } catch (ParseException e) {
            throw new IllegalArgumentException("the inline JWKS is not JSON");
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException(
                    "the inline JWKS holds no usable signing key (RSA 2048+, EC P-256/384/521 or Ed25519)");
        }
        return parsed;
    }

    private static OAuthException invalid(String description, String detail) {
        return new OAuthException(OAuthError.INVALID_TOKEN, description, detail);
    }

    /** Token-supplied text made safe for a log line: control characters replaced, length capped. */
    private static String printable(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), 120));
        for (int i = 0; i < value.length() && i < 120; i++) {
            char c = value.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return value.length() > 120 ? out + "..." : out.toString();
    }
}
