package dev.mcpauth.adapters.idp.jose;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.AccessTokenClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.mcpauth.adapters.idp.jose.TestTokens.base64Url;
import static dev.mcpauth.adapters.idp.jose.TestTokens.claimsJson;
import static dev.mcpauth.adapters.idp.jose.TestTokens.fullClaims;
import static dev.mcpauth.adapters.idp.jose.TestTokens.headerJsonOf;
import static dev.mcpauth.adapters.idp.jose.TestTokens.headerOf;
import static dev.mcpauth.adapters.idp.jose.TestTokens.minimalClaims;
import static dev.mcpauth.adapters.idp.jose.TestTokens.payloadOf;
import static dev.mcpauth.adapters.idp.jose.TestTokens.signWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JoseSigningKeysTest {
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    // key generation (RSA above all) is the slow part: one pair of keys per algorithm for the whole class
    private static final Map<SigningAlgorithm, SigningKey> KEYS = new EnumMap<>(SigningAlgorithm.class);
    private static final Map<SigningAlgorithm, SigningKey> OTHER_KEYS = new EnumMap<>(SigningAlgorithm.class);

    @BeforeAll
    static void generateKeys() {
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            KEYS.put(algorithm, SigningKey.generate(algorithm));
            OTHER_KEYS.put(algorithm, SigningKey.generate(algorithm));
        }
    }

    private static JoseSigningKeys keysFor(SigningAlgorithm algorithm) {
        return new JoseSigningKeys(KeyRing.of(KEYS.get(algorithm)));
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void verifyWhenSignedWithAllClaimsThenReturnsTheSameClaims(SigningAlgorithm algorithm) {
        JoseSigningKeys keys = keysFor(algorithm);

        Optional<AccessTokenClaims> verified = keys.verify(keys.sign(fullClaims()));

        assertEquals(Optional.of(fullClaims()), verified);
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void verifyWhenSignedWithoutScopeAndSessionThenReturnsTheSameClaims(SigningAlgorithm algorithm) {
        JoseSigningKeys keys = keysFor(algorithm);

        Optional<AccessTokenClaims> verified = keys.verify(keys.sign(minimalClaims()));

        assertEquals(Optional.of(minimalClaims()), verified);
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void signWhenCalledThenHeaderHasAlgTypAndTheKidOfTheJwks(SigningAlgorithm algorithm) throws Exception {
        JoseSigningKeys keys = keysFor(algorithm);

        Map<String, Object> header = headerJsonOf(keys.sign(fullClaims()));

        assertEquals(algorithm.name(), header.get("alg"));
        assertEquals("at+jwt", header.get("typ"));
        assertEquals(keys.publicJwks().get(0).get("kid"), header.get("kid"));
        assertEquals(Set.of("alg", "typ", "kid"), header.keySet());
    }

    @Test
    void signWhenCalledThenWritesTheRfc9068ClaimsWithTheirWireTypes() throws Exception {
        JoseSigningKeys keys = keysFor(SigningAlgorithm.ES256);

        Map<String, Object> payload = payloadOf(keys.sign(fullClaims()));

        assertEquals("https://auth.example.com", payload.get("iss"));
        assertEquals("alice", payload.get("sub"));
        assertEquals(List.of("https://mcp.example.com/mcp", "https://mcp.example.com/crm/mcp"), payload.get("aud"));
        assertEquals(TestTokens.ISSUED_AT.getEpochSecond(), payload.get("iat"));
        assertEquals(TestTokens.ISSUED_AT.getEpochSecond() + 3600, payload.get("exp"));
        assertEquals("jti-0123456789", payload.get("jti"));
        assertEquals("inspector", payload.get("client_id"));
        assertEquals("openid tools:read crm", payload.get("scope"));
        assertEquals("grant_0123-abc", payload.get("sid"));
    }

    @Test
    void signWhenOneAudienceNoScopeNoSessionThenAudIsAnArrayAndScopeAndSidAreLeftOut() throws Exception {
        JoseSigningKeys keys = keysFor(SigningAlgorithm.ES256);

        Map<String, Object> payload = payloadOf(keys.sign(minimalClaims()));

        assertEquals(List.of("https://mcp.example.com/mcp"), payload.get("aud"));
        assertFalse(payload.containsKey("scope"));
        assertFalse(payload.containsKey("sid"));
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void publicJwksWhenOneKeyThenHoldsItsPublicMembersOnly(SigningAlgorithm algorithm) {
        JoseSigningKeys keys = keysFor(algorithm);

        List<Map<String, Object>> jwks = keys.publicJwks();

        assertEquals(1, jwks.size());
        Map<String, Object> jwk = jwks.get(0);
        assertEquals("sig", jwk.get("use"));
        assertEquals(algorithm.name(), jwk.get("alg"));
        assertEquals(KEYS.get(algorithm).kid(), jwk.get("kid"));
        for (String member : PRIVATE_MEMBERS) {
            assertFalse(jwk.containsKey(member), member);
        }
        if (algorithm == SigningAlgorithm.ES256) {
            assertEquals(Set.of("kty", "use", "alg", "kid", "crv", "x", "y"), jwk.keySet());
            assertEquals("EC", jwk.get("kty"));
            assertEquals("P-256", jwk.get("crv"));
        } else {
            assertEquals(Set.of("kty", "use", "alg", "kid", "n", "e"), jwk.keySet());
            assertEquals("RSA", jwk.get("kty"));
        }
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void publicJwksWhenKidIsTheRfc7638ThumbprintOfThePublishedKey(SigningAlgorithm algorithm) throws Exception {
        Map<String, Object> published = keysFor(algorithm).publicJwks().get(0);

        String thumbprint = JWK.parse(published).computeThumbprint().toString();

        assertEquals(thumbprint, published.get("kid"));
    }

    @Test
    void algorithmWhenActiveKeyIsRs256ThenRs256() {
        assertEquals("RS256", keysFor(SigningAlgorithm.RS256).algorithm());
        assertEquals("ES256", keysFor(SigningAlgorithm.ES256).algorithm());
    }

    @Test
    void verifyWhenExpiredThenStillReturnsClaimsBecauseTimeIsTheCallersToCheck() {
        JoseSigningKeys keys = keysFor(SigningAlgorithm.ES256);
        AccessTokenClaims claims = fullClaims();

        Optional<AccessTokenClaims> verified = keys.verify(keys.sign(claims));

        assertTrue(verified.isPresent());
        assertTrue(verified.get().isExpired(claims.expiresAt()));
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void verifyWhenSignedByAnotherKeyWithTheSameKidThenEmpty(SigningAlgorithm algorithm) {
        SigningKey key = KEYS.get(algorithm);
        String forged = signWith(OTHER_KEYS.get(algorithm), headerOf(key).build(), claimsJson(fullClaims()));

        assertEquals(Optional.empty(), keysFor(algorithm).verify(forged));
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void verifyWhenAlgIsNoneThenEmpty(SigningAlgorithm algorithm) {
        String kid = KEYS.get(algorithm).kid();
        String header = base64Url("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}");
        String payload = base64Url(JSONObjectUtils.toJSONString(claimsJson(fullClaims())));
        JoseSigningKeys keys = keysFor(algorithm);

        assertEquals(Optional.empty(), keys.verify(header + "." + payload + "."));
        assertEquals(Optional.empty(), keys.verify(header + "." + payload + ".c2lnbmF0dXJl"));
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void verifyWhenHs256WithThePublicKeyAsSecretThenEmpty(SigningAlgorithm algorithm) throws Exception {
        SigningKey key = KEYS.get(algorithm);
        // the classic confusion attack: HMAC keyed with the public key the verifier publishes
        byte[] secret = key.verificationKey().toPublicJwkJson().getBytes(StandardCharsets.UTF_8);
        JWSObject hs256 = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).keyID(key.kid()).build(),
                new Payload(claimsJson(fullClaims())));
        hs256.sign(new MACSigner(Arrays.copyOf(secret, Math.max(32, secret.length))));

        assertEquals(Optional.empty(), keysFor(algorithm).verify(hs256.serialize()));
    }

    @Test
    void verifyWhenHeaderAlgIsNotTheKeysAlgThenEmpty() {
        // an RS256 token whose kid names the ES256 key
        SigningKey ecKey = KEYS.get(SigningAlgorithm.ES256);
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(new JOSEObjectType("at+jwt")).keyID(ecKey.kid()).build();
        String token = signWith(KEYS.get(SigningAlgorithm.RS256), header, claimsJson(fullClaims()));

        assertEquals(Optional.empty(), keysFor(SigningAlgorithm.ES256).verify(token));
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void verifyWhenPayloadIsTamperedThenEmpty(SigningAlgorithm algorithm) {
        JoseSigningKeys keys = keysFor(algorithm);
        String[] parts = keys.sign(fullClaims()).split("\\.");
        Map<String, Object> claims = claimsJson(fullClaims());
        claims.put("sub", "mallory");
        String tampered = parts[0] + "." + base64Url(JSONObjectUtils.toJSONString(claims)) + "." + parts[2];

        assertEquals(Optional.empty(), keys.verify(tampered));
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void verifyWhenSignatureIsAlteredThenEmpty(SigningAlgorithm algorithm) {
        JoseSigningKeys keys = keysFor(algorithm);
        String token = keys.sign(fullClaims());
        char last = token.charAt(token.length() - 5);
        String altered = token.substring(0, token.length() - 5) + (last == 'A' ? 'B' : 'A') + token.substring(token.length() - 4);

        assertEquals(Optional.empty(), keys.verify(altered));
        assertEquals(Optional.empty(), keys.verify(token + "="));
        assertEquals(Optional.empty(), keys.verify(token + "."));
        assertEquals(Optional.empty(), keys.verify(token.substring(0, token.lastIndexOf('.') + 1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "garbage", "a.b", "a.b.c", "..", "...", "a.b.c.d", "e30.e30.e30", "e30..e30", ".e30.e30",
        "eyJhbGciOiJFUzI1NiJ9.e30.AAAA", "eyJhbGciOiJFUzI1NiIsImtpZCI6MX0.e30.AAAA", "bm90IGpzb24.e30.AAAA",
        "W10.e30.AAAA", "eyJhbGciOiJFUzI1NiJ9.W10.AAAA", "Bearer eyJhbGciOiJFUzI1NiJ9.e30.AAAA",
        "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d"
    })
    void verifyWhenGarbageThenEmpty(String garbage) {
        assertEquals(Optional.empty(), keysFor(SigningAlgorithm.ES256).verify(garbage));
    }

    @Test
    void verifyWhenNullOrHugeThenEmpty() {
        JoseSigningKeys keys = keysFor(SigningAlgorithm.ES256);

        assertEquals(Optional.empty(), keys.verify(null));
        assertEquals(Optional.empty(), keys.verify("a".repeat(1_000_000) + ".b.c"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "jwt", "at+JWT+x", "application/jwt", "dpop+jwt"})
    void verifyWhenTypIsNotAtJwtThenEmpty(String typ) {
        SigningKey key = KEYS.get(SigningAlgorithm.ES256);
        String token = signWith(key, headerOf(key).type(new JOSEObjectType(typ)).build(), claimsJson(fullClaims()));

        assertEquals(Optional.empty(), keysFor(SigningAlgorithm.ES256).verify(token));
    }

    @Test
    void verifyWhenTypIsMissingThenEmpty() {
        SigningKey key = KEYS.get(SigningAlgorithm.ES256);
        String token = signWith(key, headerOf(key).type(null).build(), claimsJson(fullClaims()));

        assertEquals(Optional.empty(), keysFor(SigningAlgorithm.ES256).verify(token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/at+jwt", "AT+JWT"})
    void verifyWhenTypIsAnotherSpellingOfAtJwtThenClaims(String typ) {
        SigningKey key = KEYS.get(SigningAlgorithm.ES256);
        String token = signWith(key, headerOf(key).type(new JOSEObjectType(typ)).build(), claimsJson(fullClaims()));

        assertEquals(Optional.of(fullClaims()), keysFor(SigningAlgorithm.ES256).verify(token));
    }

    @Test
    void verifyWhenKidIsMissingOrUnknownThenEmpty() {
        SigningKey key = KEYS.get(SigningAlgorithm.ES256);
        String noKid = signWith(key, headerOf(key).keyID(null).build(), claimsJson(fullClaims()));
        String unknownKid = signWith(key, headerOf(key).keyID("unknown").build(), claimsJson(fullClaims()));

        assertEquals(Optional.empty(), keysFor(SigningAlgorithm.ES256).verify(noKid));
        assertEquals(Optional.empty(), keysFor(SigningAlgorithm.ES256).verify(unknownKid));
    }

    @Test
    void verifyWhenCriticalHeaderIsUnknownThenEmpty() {
        SigningKey key = KEYS.get(SigningAlgorithm.ES256);
        JWSHeader header = headerOf(key).criticalParams(Set.of("exp")).customParam("exp", 1).build();

        String token = signWith(key, header, claimsJson(fullClaims()));

        assertEquals(Optional.empty(), keysFor(SigningAlgorithm.ES256).verify(token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"iss", "sub", "exp", "iat", "jti", "client_id"})
    void verifyWhenRequiredClaimIsMissingThenEmpty(String claim) {
        SigningKey key = KEYS.get(SigningAlgorithm.ES256);
        Map<String, Object> claims = claimsJson(fullClaims());
        claims.remove(claim);

        String token = signWith(key, headerOf(key).build(), claims);

        assertEquals(Optional.empty(), keysFor(SigningAlgorithm.ES256).verify(token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"iss", "sub", "exp", "iat", "jti", "client_id", "aud", "scope", "sid"})
    void verifyWhenClaimHasTheWrongTypeThenEmpty(String claim) {
        SigningKey key = KEYS.get(SigningAlgorithm.ES256);
        Map<String, Object> claims = claimsJson(fullClaims());
        claims.put(claim, "exp".equals(claim) || "iat".equals(claim) ? "1700000000" : 42);

        String token = signWith(key, headerOf(key).build(), claims);

        assertEquals(Optional.empty(), keysFor(SigningAlgorithm.ES256).verify(token));
    }

    @Test
    void verifyWhenClaimValueIsInvalidForTheDomainThenEmpty() {
        SigningKey key = KEYS.get(SigningAlgorithm.ES256);
        Map<String, Object> badAudience = claimsJson(fullClaims());
        badAudience.put("aud", List.of("not a uri#fragment"));
        Map<String, Object> badScope = claimsJson(fullClaims());
        badScope.put("scope", "ok bad\"quote");

        assertEquals(Optional.empty(), keysFor(SigningAlgorithm.ES256).verify(signWith(key, headerOf(key).build(), badAudience)));
        assertEquals(Optional.empty(), keysFor(SigningAlgorithm.ES256).verify(signWith(key, headerOf(key).build(), badScope)));
    }

    @Test
    void verifyWhenAudIsASingleStringThenReadsOneAudience() {
        SigningKey key = KEYS.get(SigningAlgorithm.ES256);
        Map<String, Object> claims = claimsJson(minimalClaims());
        claims.put("aud", "https://mcp.example.com/mcp");

        Optional<AccessTokenClaims> verified =
                keysFor(SigningAlgorithm.ES256).verify(signWith(key, headerOf(key).build(), claims));

        assertEquals(List.of(new Audience("https://mcp.example.com/mcp")), verified.orElseThrow().audiences());
    }

    @Test
    void verifyWhenAudAndScopeAreAbsentThenNoAudiencesAndEmptyScope() {
        SigningKey key = KEYS.get(SigningAlgorithm.ES256);
        Map<String, Object> claims = claimsJson(fullClaims());
        claims.remove("aud");
        claims.remove("scope");

        AccessTokenClaims verified =
                keysFor(SigningAlgorithm.ES256).verify(signWith(key, headerOf(key).build(), claims)).orElseThrow();

        assertEquals(List.of(), verified.audiences());
        assertEquals(Scopes.empty(), verified.scope());
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void verifyWhenSignedByARetiringKeyStillPublishedThenClaims(SigningAlgorithm algorithm) {
        JoseSigningKeys keys = new JoseSigningKeys(KeyRing.of(KEYS.get(algorithm)));
        String signedBeforeRotation = keys.sign(fullClaims());

        keys.replaceKeyRing(keys.keyRing().rotateTo(OTHER_KEYS.get(algorithm)));

        assertEquals(Optional.of(fullClaims()), keys.verify(signedBeforeRotation));
        assertEquals(Optional.of(fullClaims()), keys.verify(keys.sign(fullClaims())));
        assertEquals(OTHER_KEYS.get(algorithm).kid(), keys.publicJwks().get(0).get("kid"));
        assertEquals(KEYS.get(algorithm).kid(), keys.publicJwks().get(1).get("kid"));
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void verifyWhenSignedByARetiredKeyThenEmpty(SigningAlgorithm algorithm) {
        JoseSigningKeys keys = new JoseSigningKeys(KeyRing.of(KEYS.get(algorithm)));
        String signedBeforeRotation = keys.sign(fullClaims());
        keys.replaceKeyRing(keys.keyRing().rotateTo(OTHER_KEYS.get(algorithm)));

        keys.replaceKeyRing(keys.keyRing().withoutRetiring(KEYS.get(algorithm).kid()));

        assertEquals(Optional.empty(), keys.verify(signedBeforeRotation));
        assertEquals(1, keys.publicJwks().size());
    }

    @Test
    void verifyWhenRotatedToAnotherAlgorithmThenBothKindsOfTokensVerify() {
        JoseSigningKeys keys = new JoseSigningKeys(KeyRing.of(KEYS.get(SigningAlgorithm.RS256)));
        String rs256 = keys.sign(fullClaims());

        keys.replaceKeyRing(keys.keyRing().rotateTo(KEYS.get(SigningAlgorithm.ES256)));

        assertEquals("ES256", keys.algorithm());
        assertTrue(keys.verify(rs256).isPresent());
        assertTrue(keys.verify(keys.sign(fullClaims())).isPresent());
    }

    @Test
    void signWhenCalledTwiceThenSignaturesDifferButBothVerify() {
        // ECDSA signatures are randomised; this guards against a signer shared wrongly across calls
        JoseSigningKeys keys = keysFor(SigningAlgorithm.ES256);

        String first = keys.sign(fullClaims());
        String second = keys.sign(fullClaims());

        assertNotEquals(first, second);
        assertTrue(keys.verify(first).isPresent());
        assertTrue(keys.verify(second).isPresent());
    }
}
