package dev.mcpauth.bootstrap.transparent;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenID provider just big enough for transparent mode: a JDK HTTP server on a free loopback port serving
 * {@code /.well-known/openid-configuration} (issuer = its base URL) and its JWK Set at {@code /jwks}, whose EC P-256
 * key can be rotated, counting the JWKS requests. Tokens are signed here, ES256 (the current EC key) or RS256.
 */
final class FakeIdp implements AutoCloseable {
    static final String JWKS_PATH = "/jwks";

    private final HttpServer server;
    private final String issuer;
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final AtomicInteger metadataRequests = new AtomicInteger();
    private final RSAKey rsaKey;
    private volatile ECKey ecKey;

    private FakeIdp(HttpServer server) {
        this.server = server;
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        this.ecKey = newEcKey();
        this.rsaKey = newRsaKey();
    }

    static FakeIdp start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        FakeIdp idp = new FakeIdp(server);
        server.createContext("/.well-known/openid-configuration", exchange -> {
            idp.metadataRequests.incrementAndGet();
            idp.answer(exchange, "{\"issuer\":\"" + idp.issuer + "\",\"jwks_uri\":\"" + idp.jwksUri() + "\","
                    + "\"authorization_endpoint\":\"" + idp.issuer + "/authorize\","
                    + "\"token_endpoint\":\"" + idp.issuer + "/token\","
                    + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
                    + "\"id_token_signing_alg_values_supported\":[\"ES256\",\"RS256\"]}");
        });
        server.createContext(JWKS_PATH, exchange -> {
            idp.jwksRequests.incrementAndGet();
            idp.answer(exchange, idp.publicJwks().toString());
        });
        server.start();
        return idp;
    }

    private void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(405, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    String issuer() {
        return issuer;
    }

    String jwksUri() {
        return issuer + JWKS_PATH;
    }

    int jwksRequests() {
        return jwksRequests.get();
    }

    int metadataRequests() {
        return metadataRequests.get();
    }

    /** The public keys now published: the current EC key and the RSA key. */
    JWKSet publicJwks() {
        return new JWKSet(List.<JWK>of(ecKey.toPublicJWK(), rsaKey.toPublicJWK()));
    }

    String ecKid() {
        return ecKey.getKeyID();
    }

    /** Replaces the EC key by a new one with a new kid; the old one is no longer published. */
    void rotate() {
        ecKey = newEcKey();
    }

    /** Claims as the IdP would issue them for {@code audience}: iss, sub, aud, iat, exp in 5 minutes, jti. */
    JWTClaimsSet.Builder claims(String subject, String audience) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString());
    }

    /** ES256 with the current EC key. */
    String es256(JWTClaimsSet claims) {
        return sign(claims, ecKey, JWSAlgorithm.ES256);
    }

    /** RS256 with the RSA key. */
    String rs256(JWTClaimsSet claims) {
        return sign(claims, rsaKey, JWSAlgorithm.RS256);
    }

    /** Signed with {@code key} (EC → ES256, RSA → RS256), which need not be one the IdP publishes. */
    static String sign(JWTClaimsSet claims, JWK key, JWSAlgorithm algorithm) {
        try {
            JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID())
                    .type(new JOSEObjectType("at+jwt")).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS256 with a random secret, claiming the kid of the current EC key (the algorithm-confusion attack). */
    String hs256(JWTClaimsSet claims) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(ecKid()).build(), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsecured JWT: {@code alg: none}, empty signature. */
    static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    static ECKey newEcKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyID("ec-" + UUID.randomUUID()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static RSAKey newRsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID("rsa-" + UUID.randomUUID()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops answering; the port is closed. */
    @Override
    public void close() {
        server.stop(0);
    }
}
