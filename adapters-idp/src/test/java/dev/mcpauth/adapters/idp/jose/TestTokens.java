package dev.mcpauth.adapters.idp.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.grant.GrantId;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.AccessTokenClaims;

import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Claims to sign and hand-made tokens to attack the verifier with. */
final class TestTokens {
    static final Instant ISSUED_AT = Instant.parse("2026-01-01T10:00:00Z");

    private TestTokens() {
    }

    static AccessTokenClaims fullClaims() {
        return new AccessTokenClaims(
                "https://auth.example.com",
                "alice",
                List.of(new Audience("https://mcp.example.com/mcp"), new Audience("https://mcp.example.com/crm/mcp")),
                ISSUED_AT,
                ISSUED_AT.plusSeconds(3600),
                "jti-0123456789",
                new ClientId("inspector"),
                Scopes.of("openid", "tools:read", "crm"),
                Optional.of(new GrantId("grant_0123-abc")));
    }

    static AccessTokenClaims minimalClaims() {
        return new AccessTokenClaims(
                "https://auth.example.com",
                "anonymous:42",
                List.of(new Audience("https://mcp.example.com/mcp")),
                ISSUED_AT,
                ISSUED_AT.plusSeconds(60),
                "jti-minimal",
                new ClientId("https://client.example.com/metadata.json"),
                Scopes.empty(),
                Optional.empty());
    }

    /** The claims as mcpauth writes them, as a mutable map to take apart. */
    static Map<String, Object> claimsJson(AccessTokenClaims claims) {
        return new LinkedHashMap<>(AccessTokenClaimsCodec.write(claims));
    }

    /** The header mcpauth writes for {@code key}, as a builder to change. */
    static JWSHeader.Builder headerOf(SigningKey key) {
        return new JWSHeader.Builder(key.algorithm().jwsAlgorithm())
                .type(new JOSEObjectType("at+jwt"))
                .keyID(key.kid());
    }

    /** Signs any header and claims with the private half of {@code key}, as an attacker holding it could. */
    static String signWith(SigningKey key, JWSHeader header, Map<String, Object> claims) {
        return signWith(privateJwk(key), header, claims);
    }

    static String signWith(JWK privateJwk, JWSHeader header, Map<String, Object> claims) {
        try {
            JWSSigner signer = privateJwk instanceof ECKey
                    ? new ECDSASigner((ECKey) privateJwk)
                    : new RSASSASigner(privateJwk.toRSAKey());
            JWSObject jws = new JWSObject(header, new Payload(claims));
            jws.sign(signer);
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static JWK privateJwk(SigningKey key) {
        try {
            return JWK.parse(key.toPrivateJwkJson());
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    static String base64Url(String json) {
        return Base64URL.encode(json).toString();
    }

    static Map<String, Object> payloadOf(String token) throws ParseException {
        return JSONObjectUtils.parse(new Base64URL(token.split("\\.")[1]).decodeToString());
    }

    static Map<String, Object> headerJsonOf(String token) throws ParseException {
        return JSONObjectUtils.parse(new Base64URL(token.split("\\.")[0]).decodeToString());
    }
}
