package dev.mcpauth.adapters.idp.jose;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpauth.application.port.out.IdentityAssertionSigner.IdentityAssertion;
import dev.mcpauth.domain.scope.Scopes;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdentityAssertionTest {
    private final JoseSigningKeys keys = new JoseSigningKeys(KeyRing.of(SigningKey.generate(SigningAlgorithm.ES256)));
    private final Instant now = Instant.parse("2026-11-26T12:00:00Z");
    private final IdentityAssertion assertion = new IdentityAssertion("https://auth.example", "alice", false,
            "client-1", Scopes.of("mcp", "files:read"), "http://127.0.0.1:9001/mcp", now, now.plusSeconds(60),
            "jti-1");

    @Test
    void signWhenAssertionThenVerifiesWithThePublishedKeyAndCarriesItsClaims() throws Exception {
        SignedJWT jwt = SignedJWT.parse(keys.sign(assertion));
        JWK published = JWK.parse(keys.publicJwks().get(0));

        assertTrue(jwt.verify(new ECDSAVerifier((ECKey) published)));
        assertEquals(published.getKeyID(), jwt.getHeader().getKeyID());
        assertEquals("mcpauth-identity+jwt", jwt.getHeader().getType().getType());
        assertEquals("alice", jwt.getJWTClaimsSet().getSubject());
        assertEquals(List.of("http://127.0.0.1:9001/mcp"), jwt.getJWTClaimsSet().getAudience());
        assertEquals("client-1", jwt.getJWTClaimsSet().getStringClaim("client_id"));
        assertEquals("mcp files:read", jwt.getJWTClaimsSet().getStringClaim("scope"));
        assertEquals(Boolean.FALSE, jwt.getJWTClaimsSet().getBooleanClaim("anonymous"));
        assertEquals(now.plusSeconds(60), jwt.getJWTClaimsSet().getExpirationTime().toInstant());
    }

    @Test
    void verifyWhenGivenAnIdentityAssertionThenItIsNoAccessToken() {
        assertFalse(keys.verify(keys.sign(assertion)).isPresent());
    }
}
