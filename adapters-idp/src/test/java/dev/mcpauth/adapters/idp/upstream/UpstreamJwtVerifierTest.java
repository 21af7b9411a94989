package dev.mcpauth.adapters.idp.upstream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.mcpauth.application.port.in.UpstreamClaims;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.fixtures.MutableClock;
import dev.mcpauth.domain.scope.Scopes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token checks, against keys served by a real local IdP. */
class UpstreamJwtVerifierTest {
    private static final String AUDIENCE = "https://mcp.example.com/mcp";

    private final MutableClock clock = new MutableClock();
    private FakeIdp idp;
    private UpstreamJwtVerifier verifier;

    @BeforeEach
    void startIdp() throws Exception {
        idp = new FakeIdp();
        idp.publish(TestKeys.all());
        verifier = new UpstreamJwtVerifier(UpstreamIdpSettings.of(idp.issuer(), List.of(AUDIENCE)), clock);
    }

    @AfterEach
    void stopIdp() throws Exception {
        idp.close();
    }

    private JWTClaimsSet.Builder claims() {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer(idp.issuer())
                .subject("alice")
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("scope", "mcp:read mcp:write")
                .claim("client_id", "inspector");
    }

    @Test
    void verifyWhenRsaTokenValidThenClaims() {
        UpstreamClaims claims = verifier.verify(TestKeys.sign(TestKeys.RSA, claims().build()));

        assertEquals(idp.issuer(), claims.issuer());
        assertEquals("alice", claims.subject());
        assertEquals(List.of(AUDIENCE), claims.audiences());
        assertEquals(Scopes.of("mcp:read", "mcp:write"), claims.scopes());
        assertEquals(Optional.of("inspector"), claims.clientId());
        assertEquals(clock.instant().plusSeconds(300), claims.expiresAt());
        assertEquals(1, idp.requests(FakeIdp.OIDC_PATH));
        assertEquals(1, idp.requests(FakeIdp.JWKS_PATH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS384", "RS512", "PS256", "PS384", "PS512"})
    void verifyWhenOtherRsaAlgorithmThenAccepted(String alg) {
        String token = TestKeys.sign(TestKeys.RSA, JWSAlgorithm.parse(alg), claims().build());

        assertEquals("alice", verifier.verify(token).subject());
    }

    @Test
    void verifyWhenEcP256TokenValidThenClaims() {
        assertEquals("alice", verifier.verify(TestKeys.sign(TestKeys.EC, claims().build())).subject());
    }

    @Test
    void verifyWhenEd25519TokenValidThenClaims() {
        assertEquals("alice", verifier.verify(TestKeys.sign(TestKeys.ED25519, claims().build())).subject());
    }

    @Test
    void verifyWhenKeysCachedThenNoFurtherFetch() {
        verifier.verify(TestKeys.sign(TestKeys.RSA, claims().build()));
        verifier.verify(TestKeys.sign(TestKeys.EC, claims().build()));
        verifier.verify(TestKeys.sign(TestKeys.ED25519, claims().build()));

        assertEquals(2, idp.totalRequests());
    }

    @Test
    void verifyWhenExpiredBeyondSkewThenInvalidToken() {
        Instant now = clock.instant();
        String token = TestKeys.sign(TestKeys.RSA, claims().issueTime(Date.from(now.minusSeconds(600)))
                .notBeforeTime(Date.from(now.minusSeconds(600))).expirationTime(Date.from(now.minusSeconds(61))).build());

        OAuthException e = assertOAuthError(OAuthError.INVALID_TOKEN, "the access token expired",
                () -> verifier.verify(token));
        assertEquals(401, e.error().httpStatus());
    }

    @Test
    void verifyWhenExpiredWithinSkewThenAccepted() {
        String token = TestKeys.sign(TestKeys.RSA,
                claims().expirationTime(Date.from(clock.instant().minusSeconds(30))).build());

        assertEquals("alice", verifier.verify(token).subject());
    }

    @Test
    void verifyWhenNoExpiryThenInvalidToken() {
        String token = TestKeys.sign(TestKeys.RSA, claims().expirationTime(null).build());

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token has no expiry", () -> verifier.verify(token));
    }

    @Test
    void verifyWhenNotBeforeInFutureThenInvalidToken() {
        String token = TestKeys.sign(TestKeys.RSA,
                claims().notBeforeTime(Date.from(clock.instant().plusSeconds(120))).build());

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token is not yet valid", () -> verifier.verify(token));
    }

    @Test
    void verifyWhenIssuedInFutureThenInvalidToken() {
        String token = TestKeys.sign(TestKeys.RSA,
                claims().issueTime(Date.from(clock.instant().plusSeconds(120))).build());

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token is not yet valid", () -> verifier.verify(token));
    }

    @Test
    void verifyWhenNotBeforeWithinSkewThenAccepted() {
        String token = TestKeys.sign(TestKeys.RSA,
                claims().notBeforeTime(Date.from(clock.instant().plusSeconds(30))).build());

        assertEquals("alice", verifier.verify(token).subject());
    }

    @Test
    void verifyWhenWrongIssuerThenInvalidToken() {
        String token = TestKeys.sign(TestKeys.RSA, claims().issuer("https://evil.example.com").build());

        OAuthException e = assertOAuthError(OAuthError.INVALID_TOKEN, "the access token's issuer is not trusted",
                () -> verifier.verify(token));
        assertTrue(e.detail().contains("https://evil.example.com"));
    }

    @Test
    void verifyWhenAdditionalIssuerThenAccepted() {
        String v1Issuer = "https://sts.windows.net/tenant/";
        UpstreamJwtVerifier lenient = new UpstreamJwtVerifier(UpstreamIdpSettings.of(idp.issuer(), List.of(AUDIENCE))
                .withAdditionalIssuers(List.of(v1Issuer)), clock);

        UpstreamClaims claims = lenient.verify(TestKeys.sign(TestKeys.RSA, claims().issuer(v1Issuer).build()));

        assertEquals(v1Issuer, claims.issuer());
    }

    @Test
    void verifyWhenWrongAudienceThenInvalidToken() {
        String token = TestKeys.sign(TestKeys.RSA, claims().audience("https://other.example.com/mcp").build());

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token is not for this resource",
                () -> verifier.verify(token));
    }

    @Test
    void verifyWhenNoAudienceThenInvalidToken() {
        String token = TestKeys.sign(TestKeys.RSA, claims().audience((String) null).build());

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token is not for this resource",
                () -> verifier.verify(token));
    }

    @Test
    void verifyWhenAudienceArrayContainsExpectedThenAccepted() {
        List<String> audiences = List.of("api://default", AUDIENCE);
        String token = TestKeys.sign(TestKeys.RSA, claims().audience(audiences).build());

        assertEquals(audiences, verifier.verify(token).audiences());
    }

    @Test
    void verifyWhenOneOfSeveralExpectedAudiencesThenAccepted() {
        UpstreamJwtVerifier multi = new UpstreamJwtVerifier(
                UpstreamIdpSettings.of(idp.issuer(), List.of(AUDIENCE, "api://mcp")), clock);

        assertEquals("alice", multi.verify(TestKeys.sign(TestKeys.RSA, claims().audience("api://mcp").build()))
                .subject());
    }

    @Test
    void verifyWhenNoSubjectThenInvalidToken() {
        String token = TestKeys.sign(TestKeys.RSA, claims().subject(null).build());

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token has no subject", () -> verifier.verify(token));
    }

    @Test
    void verifyWhenScopesInScpArrayThenRead() {
        String token = TestKeys.sign(TestKeys.RSA, claims().claim("scope", null)
                .claim("scp", List.of("mcp:read", "profile")).build());

        assertEquals(Scopes.of("mcp:read", "profile"), verifier.verify(token).scopes());
    }

    @Test
    void verifyWhenScopesInScpStringThenRead() {
        // Entra ID puts a space-delimited string in scp
        String token = TestKeys.sign(TestKeys.RSA, claims().claim("scope", null).claim("scp", "Files.Read mcp.use")
                .build());

        assertEquals(Scopes.of("Files.Read", "mcp.use"), verifier.verify(token).scopes());
    }

    @Test
    void verifyWhenNoScopeClaimThenEmptyScopes() {
        String token = TestKeys.sign(TestKeys.RSA, claims().claim("scope", null).build());

        assertTrue(verifier.verify(token).scopes().isEmpty());
    }

    @Test
    void verifyWhenScopeHoldsForbiddenCharactersThenThoseAreDropped() {
        String token = TestKeys.sign(TestKeys.RSA, claims().claim("scope", "mcp:read bad\"scope").build());

        assertEquals(Scopes.of("mcp:read"), verifier.verify(token).scopes());
    }

    @Test
    void verifyWhenClientIdMissingThenAzpThenCid() {
        String azp = TestKeys.sign(TestKeys.RSA, claims().claim("client_id", null).claim("azp", "spa")
                .claim("cid", "okta-app").build());
        String cid = TestKeys.sign(TestKeys.RSA, claims().claim("client_id", null).claim("cid", "okta-app").build());
        String none = TestKeys.sign(TestKeys.RSA, claims().claim("client_id", null).build());

        assertEquals(Optional.of("spa"), verifier.verify(azp).clientId());
        assertEquals(Optional.of("okta-app"), verifier.verify(cid).clientId());
        assertEquals(Optional.empty(), verifier.verify(none).clientId());
    }

    @Test
    void verifyWhenAlgNoneThenInvalidTokenWithoutFetchingKeys() {
        String header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"rsa-1\"}").toString();
        String payload = Base64URL.encode(claims().build().toString()).toString();

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token's signing algorithm is not accepted",
                () -> verifier.verify(header + "." + payload + "."));
        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token's signing algorithm is not accepted",
                () -> verifier.verify(header + "." + payload + ".c2lnbmF0dXJl"));
        assertEquals(0, idp.totalRequests());
    }

    @Test
    void verifyWhenHs256KeyedWithRsaPublicKeyBytesThenInvalidToken() throws Exception {
        // the classic confusion attack: HMAC keyed with the public key a naive verifier would feed to HMAC
        byte[] der = TestKeys.RSA.toRSAPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        for (byte[] secret : List.of(der, pem.getBytes(StandardCharsets.US_ASCII),
                TestKeys.RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8))) {
            String token = TestKeys.sign(new MACSigner(secret), TestKeys.header(JWSAlgorithm.HS256, "rsa-1"),
                    claims().build());

            assertOAuthError(OAuthError.INVALID_TOKEN, "the access token's signing algorithm is not accepted",
                    () -> verifier.verify(token));
        }
    }

    @Test
    void verifyWhenHs256AndJwksHoldsThatOctKeyThenInvalidToken() throws JOSEException {
        OctetSequenceKey hmac = new OctetSequenceKey.Builder(new byte[32]).keyID("hmac-1").build();
        idp.publish(TestKeys.RSA, hmac);
        String token = TestKeys.sign(new MACSigner(hmac), TestKeys.header(JWSAlgorithm.HS256, "hmac-1"),
                claims().build());

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token's signing algorithm is not accepted",
                () -> verifier.verify(token));
        assertEquals("alice", verifier.verify(TestKeys.sign(TestKeys.RSA, claims().build())).subject());
    }

    @Test
    void verifyWhenSignatureTamperedThenInvalidToken() {
        String token = TestKeys.sign(TestKeys.RSA, claims().build());
        int middle = token.lastIndexOf('.') + 40;
        char flipped = token.charAt(middle) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, middle) + flipped + token.substring(middle + 1);

        OAuthException e = assertOAuthError(OAuthError.INVALID_TOKEN, "the access token's signature is invalid",
                () -> verifier.verify(tampered));
        String signature = tampered.substring(tampered.lastIndexOf('.') + 1);
        assertFalse(e.getMessage().contains(signature) || e.detail().contains(signature));
    }

    @Test
    void verifyWhenPayloadTamperedThenInvalidToken() {
        String[] original = TestKeys.sign(TestKeys.EC, claims().build()).split("\\.");
        String forged = Base64URL.encode(claims().subject("admin").build().toString()).toString();

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token's signature is invalid",
                () -> verifier.verify(original[0] + "." + forged + "." + original[2]));
    }

    @Test
    void verifyWhenSignedByKeyOfAnotherTypeUnderAKnownKidThenInvalidToken() {
        // an ES256 token claiming the RSA key's kid
        String[] ec = TestKeys.sign(TestKeys.EC, claims().build()).split("\\.");
        String header = Base64URL.encode("{\"alg\":\"ES256\",\"kid\":\"rsa-1\"}").toString();

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token's signing algorithm is not accepted",
                () -> verifier.verify(header + "." + ec[1] + "." + ec[2]));
    }

    @Test
    void verifyWhenJwkAlgDiffersFromHeaderThenInvalidToken() throws JOSEException {
        RSAKey pinned = new RSAKey.Builder(TestKeys.RSA.toRSAPublicKey()).keyID("rsa-1")
                .algorithm(JWSAlgorithm.RS256).build();
        idp.publish(pinned);

        assertEquals("alice", verifier.verify(TestKeys.sign(TestKeys.RSA, claims().build())).subject());
        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token's signing algorithm is not accepted",
                () -> verifier.verify(TestKeys.sign(TestKeys.RSA, JWSAlgorithm.PS256, claims().build())));
    }

    @Test
    void verifyWhenJwkIsForEncryptionThenItsKidIsUnknown() throws JOSEException {
        RSAKey encryption = new RSAKey.Builder(TestKeys.RSA.toRSAPublicKey()).keyID("rsa-1")
                .keyUse(KeyUse.ENCRYPTION).build();
        idp.publish(encryption, TestKeys.EC);

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token's signing key is unknown",
                () -> verifier.verify(TestKeys.sign(TestKeys.RSA, claims().build())));
    }

    @Test
    void verifyWhenTokenHasNoKidThenMatchingKeysAreTried() throws JOSEException {
        String token = TestKeys.sign(new ECDSASigner(TestKeys.EC),
                new JWSHeader(JWSAlgorithm.ES256), claims().build());

        assertEquals("alice", verifier.verify(token).subject());
    }

    @Test
    void verifyWhenOpaqueTokenThenInvalidToken() {
        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token is not a JWT",
                () -> verifier.verify("2YotnFZFEjr1zCsicMWpAA"));
        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token is not a JWT",
                () -> verifier.verify("a.b.c.d"));
        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token is not a signed JWT",
                () -> verifier.verify("eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d"));
        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token is invalid",
                () -> verifier.verify("not-base64!.payload.signature"));
        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token is invalid",
                () -> verifier.verify(Base64URL.encode("{\"typ\":\"JWT\"}") + ".e30.c2ln"));
        assertOAuthError(OAuthError.INVALID_TOKEN, "an access token is required", () -> verifier.verify(""));
        assertEquals(0, idp.totalRequests());
    }

    @Test
    void verifyWhenCriticalHeaderThenInvalidToken() {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID("rsa-1").criticalParams(Set.of("exp")).customParam("exp", 1).build();

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token is invalid",
                () -> verifier.verify(TestKeys.sign(signer(TestKeys.RSA), header, claims().build())));
    }

    @Test
    void verifyWhenTokenHugeThenInvalidTokenWithoutParsing() {
        String token = TestKeys.sign(TestKeys.RSA, claims().claim("pad", "x".repeat(40_000)).build());

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token is invalid", () -> verifier.verify(token));
        assertEquals(0, idp.totalRequests());
    }

    @Test
    void verifyWhenInlineJwksThenNoFetching() {
        String issuer = "https://idp.example.com/";
        String jwks = "{\"keys\":[" + TestKeys.RSA.toPublicJWK().toJSONString() + ","
                + TestKeys.ED25519.publicJwk().toJSONString() + "]}";
        UpstreamJwtVerifier inline = new UpstreamJwtVerifier(
                UpstreamIdpSettings.of(issuer, List.of(AUDIENCE)).withJwks(jwks), clock);

        assertEquals("alice", inline.verify(TestKeys.sign(TestKeys.RSA, claims().issuer(issuer).build())).subject());
        assertEquals("alice", inline.verify(TestKeys.sign(TestKeys.ED25519, claims().issuer(issuer).build()))
                .subject());
        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token's signing key is unknown",
                () -> inline.verify(TestKeys.sign(TestKeys.EC, claims().issuer(issuer).build())));
        clock.advance(Duration.ofDays(30));
        assertEquals("alice", inline.verify(TestKeys.sign(TestKeys.RSA, claims().issuer(issuer).build())).subject());
        assertEquals(0, idp.totalRequests());
    }

    @Test
    void constructorWhenInlineJwksHasNoUsableKeyThenRefusedWithoutKeyMaterial() {
        OctetSequenceKey hmac = new OctetSequenceKey.Builder("0123456789abcdef0123456789abcdef".getBytes())
                .keyID("hmac-1").build();
        UpstreamIdpSettings settings = UpstreamIdpSettings.of("https://idp.example.com/", List.of(AUDIENCE))
                .withJwks("{\"keys\":[" + hmac.toJSONString() + "]}");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UpstreamJwtVerifier(settings, clock));
        assertFalse(e.getMessage().contains(hmac.getKeyValue().toString()));
        assertThrows(IllegalArgumentException.class, () -> new UpstreamJwtVerifier(
                UpstreamIdpSettings.of("https://idp.example.com/", List.of(AUDIENCE)).withJwks("not json"), clock));
    }

    @Test
    void verifyWhenRsaKeyShorterThan2048BitsThenKeyUnusable() throws JOSEException {
        RSAKey weak = new RSAKeyGenerator(1024, true).keyID("weak").generate();
        idp.publish(weak, TestKeys.EC);

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token's signing key is unknown",
                () -> verifier.verify(TestKeys.sign(new RSASSASigner(weak.toPrivateKey(), true),
                        TestKeys.header(JWSAlgorithm.RS256, "weak"), claims().build())));
    }

    private static JWSSigner signer(RSAKey key) {
        try {
            return new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
