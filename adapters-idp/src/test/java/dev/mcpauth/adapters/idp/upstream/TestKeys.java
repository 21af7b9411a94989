package dev.mcpauth.adapters.idp.upstream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Set;

/**
 * Keys the test IdP signs with, and a way to sign tokens with them. The RSA keys are fixed test keys (generating them
 * costs seconds on a busy machine); the EC and Ed25519 ones are generated once per run.
 */
final class TestKeys {
    private static final JWKSet FIXED_RSA_KEYS = load("test-rsa-keys.json");
    static final RSAKey RSA = (RSAKey) FIXED_RSA_KEYS.getKeyByKeyId("rsa-1");
    static final RSAKey RSA_ROTATED = (RSAKey) FIXED_RSA_KEYS.getKeyByKeyId("rsa-2");
    static final RSAKey RSA_UNPUBLISHED = (RSAKey) FIXED_RSA_KEYS.getKeyByKeyId("rsa-unpublished");
    static final ECKey EC = ec("ec-1");
    static final Ed25519 ED25519 = ed25519("ed-1");

    private TestKeys() {
    }

    /** An Ed25519 key: its public JWK for the JWKS, its JDK private key for signing (nimbus's signer needs Tink). */
    record Ed25519(OctetKeyPair publicJwk, PrivateKey privateKey) {
    }

    static String sign(RSAKey key, JWSAlgorithm alg, JWTClaimsSet claims) {
        try {
            return sign(new RSASSASigner(key), header(alg, key.getKeyID()), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(RSAKey key, JWTClaimsSet claims) {
        return sign(key, JWSAlgorithm.RS256, claims);
    }

    static String sign(ECKey key, JWTClaimsSet claims) {
        try {
            return sign(new ECDSASigner(key), header(JWSAlgorithm.ES256, key.getKeyID()), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(Ed25519 key, JWTClaimsSet claims) {
        return sign(new JdkEd25519Signer(key.privateKey()), header(JWSAlgorithm.EdDSA, key.publicJwk().getKeyID()),
                claims);
    }

    static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    static JWSHeader header(JWSAlgorithm alg, String kid) {
        return new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build();
    }

    private static JWKSet load(String resource) {
        try (InputStream in = TestKeys.class.getResourceAsStream(resource)) {
            return JWKSet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey ec(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Ed25519 ed25519(String kid) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] spki = pair.getPublic().getEncoded();
            byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
            OctetKeyPair jwk = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).keyID(kid).build();
            return new Ed25519(jwk, pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static JWK[] all() {
        return new JWK[]{RSA, EC, ED25519.publicJwk()};
    }

    private static final class JdkEd25519Signer implements JWSSigner {
        private final PrivateKey privateKey;
        private final JCAContext context = new JCAContext();

        JdkEd25519Signer(PrivateKey privateKey) {
            this.privateKey = privateKey;
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            try {
                Signature signature = Signature.getInstance("Ed25519");
                signature.initSign(privateKey);
                signature.update(signingInput);
                return Base64URL.encode(signature.sign());
            } catch (GeneralSecurityException e) {
                throw new JOSEException(e.getMessage(), e);
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.EdDSA);
        }

        @Override
        public JCAContext getJCAContext() {
            return context;
        }
    }
}
