package dev.mcpauth.adapters.idp.jose;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.mcpauth.application.port.out.AccessTokenVerifier;
import dev.mcpauth.application.port.out.IdentityAssertionSigner;
import dev.mcpauth.application.port.out.SigningKeys;
import dev.mcpauth.application.port.out.TokenSigner;
import dev.mcpauth.domain.token.AccessTokenClaims;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Signs and verifies mcpauth's JWT access tokens (RFC 9068) as JWS compact serializations (RFC 7515) with ES256 or
 * RS256 (RFC 7518), and publishes the public keys as a JWK set (RFC 7517). The keys are a {@link KeyRing} that can
 * be swapped at run time for a rotation.
 *
 * <p>A token that verified is remembered until it expires, so that the same token presented again (an MCP session
 * presents one for up to an hour) costs no second signature check. Only the signature and the claims' syntax are
 * remembered: callers still check expiry, issuer, audience and the grant on every request.
 */
public final class JoseSigningKeys implements TokenSigner, AccessTokenVerifier, SigningKeys, IdentityAssertionSigner {
    /** Far above any token mcpauth issues; longer input is refused before any parsing. */
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;
    private static final String MEDIA_TYPE_PREFIX = "application/";

    private final Clock clock;
    private volatile Keys keys;

    /**
     * The ring and the tokens it verified, swapped together: a verification that read one ring remembers its token in
     * that ring's cache, so it cannot reach the cache of a ring that no longer holds the key.
     */
    private record Keys(KeyRing ring, VerifiedTokenCache<AccessTokenClaims> verified) {
    }

    /** {@code clock} only decides when remembered tokens are forgotten. */
    public JoseSigningKeys(KeyRing keyRing, Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        this.keys = new Keys(Objects.requireNonNull(keyRing), new VerifiedTokenCache<>());
    }

    /** With the system clock. */
    public JoseSigningKeys(KeyRing keyRing) {
        this(keyRing, Clock.systemUTC());
    }

    /**
     * Swaps in another ring (after a rotation, or when another instance rotated); takes effect for the next call.
     * When {@code next} lacks a key of the current ring, the remembered tokens are forgotten, so that the tokens of
     * the removed key are refused at once; a ring that only adds keys (or the same ring, as refreshes install every
     * few seconds) keeps them.
     */
    public synchronized void replaceKeyRing(KeyRing next) {
        Objects.requireNonNull(next);
        Keys current = keys;
        keys = new Keys(next, next.verifiesEverythingOf(current.ring())
                ? current.verified() : new VerifiedTokenCache<>());
    }

    public KeyRing keyRing() {
        return keys.ring();
    }

    /** How many tokens are remembered as verified, for tests. */
    int rememberedTokens() {
        return keys.verified().size();
    }

    @Override
    public String sign(AccessTokenClaims claims) {
        return keys.ring().active().sign(AccessTokenClaimsCodec.write(claims));
    }

    @Override
    public String sign(IdentityAssertion assertion) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", assertion.issuer());
        claims.put("sub", assertion.subject());
        claims.put("aud", assertion.audience());
        claims.put("exp", assertion.expiresAt().getEpochSecond());
        claims.put("iat", assertion.issuedAt().getEpochSecond());
        claims.put("jti", assertion.jwtId());
        claims.put("client_id", assertion.clientId());
        if (!assertion.scopes().isEmpty()) {
            claims.put("scope", assertion.scopes().asString());
        }
        claims.put("anonymous", assertion.anonymous());
        return keys.ring().active().signIdentityAssertion(claims);
    }

    @Override
    public Optional<AccessTokenClaims> verify(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        Keys current = keys;
        Instant now = clock.instant();
        Optional<AccessTokenClaims> remembered = current.verified().find(token, now);
        if (remembered.isPresent()) {
            return remembered;
        }
        Optional<AccessTokenClaims> verified;
        try {
            verified = verifyOrEmpty(token, current.ring());
        } catch (Exception e) {
            // malformed input of any kind is an invalid token, never an error
            return Optional.empty();
        }
        verified.ifPresent(claims -> current.verified().remember(token, claims, claims.expiresAt(), now));
        return verified;
    }

    private static Optional<AccessTokenClaims> verifyOrEmpty(String token, KeyRing keyRing) throws Exception {
        int firstDot = token.indexOf('.');
        int secondDot = token.indexOf('.', firstDot + 1);
        if (firstDot <= 0 || secondDot <= firstDot + 1 || secondDot == token.length() - 1
                || !isBase64UrlExceptDots(token, 2)) {
            return Optional.empty();
        }
        // JWSHeader.parse refuses "alg": "none" and JWE headers
        JWSHeader header = JWSHeader.parse(new Base64URL(token.substring(0, firstDot)));
        VerificationKey key = keyRing.lookup(header.getKeyID());
        // RFC 8725 §3.1: the algorithm is the key's, whatever the header claims
        if (key == null || !key.algorithm().jwsAlgorithm().equals(header.getAlgorithm())
                || !isAccessTokenType(header.getType())) {
            return Optional.empty();
        }
        byte[] signingInput = token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
        if (!key.verify(header, signingInput, new Base64URL(token.substring(secondDot + 1)))) {
            return Optional.empty();
        }
        Map<String, Object> claims =
                JSONObjectUtils.parse(new Base64URL(token.substring(firstDot + 1, secondDot)).decodeToString());
        return AccessTokenClaimsCodec.read(claims);
    }

    /** RFC 9068 §4: {@code typ} is {@code at+jwt}, or its media type {@code application/at+jwt}. */
    private static boolean isAccessTokenType(JOSEObjectType type) {
        if (type == null) {
            return false;
        }
        String value = type.getType();
        if (value.regionMatches(true, 0, MEDIA_TYPE_PREFIX, 0, MEDIA_TYPE_PREFIX.length())) {
            value = value.substring(MEDIA_TYPE_PREFIX.length());
        }
        return SigningKey.ACCESS_TOKEN_TYPE.getType().equalsIgnoreCase(value);
    }

    /** Only base64url characters (RFC 7515 §2, no padding) and exactly {@code dots} separating dots. */
    private static boolean isBase64UrlExceptDots(String token, int dots) {
        int seen = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                seen++;
            } else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return seen == dots;
    }

    @Override
    public List<Map<String, Object>> publicJwks() {
        return keys.ring().publicJwks();
    }

    @Override
    public String algorithm() {
        return keys.ring().active().algorithm().name();
    }
}
