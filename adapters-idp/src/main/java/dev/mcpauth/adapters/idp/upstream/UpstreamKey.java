package dev.mcpauth.adapters.idp.upstream;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.Provider;
import java.util.Set;

/**
 * One public key of the IdP's JWK Set with its verifier, built once: the algorithms it may verify follow its type
 * and curve, narrowed to its {@code alg} when the JWK names one (RFC 7517 §4.4); keys for other uses are refused.
 */
final class UpstreamKey {
    /** The pinned algorithms (RFC 7518 §3.1, RFC 8037 §3.1): never {@code none}, never HS*. */
    static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
            JWSAlgorithm.EdDSA);
    private static final Set<JWSAlgorithm> RSA_ALGORITHMS = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
    /** RFC 7518 §3.3 and §3.5: RSA keys of 2048 bits or more. */
    private static final int MIN_RSA_BITS = 2048;
    /** Its ECDSA is several times faster than the JDK 17 one; passed explicitly, never installed globally. */
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private final String kid;
    private final Set<JWSAlgorithm> algorithms;
    private final JWSVerifier verifier;

    private UpstreamKey(String kid, Set<JWSAlgorithm> algorithms, JWSVerifier verifier) {
        this.kid = kid;
        this.algorithms = algorithms;
        this.verifier = verifier;
    }

    /**
     * @throws IllegalArgumentException saying why the key cannot verify tokens; the message holds no key material
     */
    static UpstreamKey of(JWK jwk) {
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            throw new IllegalArgumentException("its use is not sig");
        }
        if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
            throw new IllegalArgumentException("its key_ops lack verify");
        }
        JWK publicJwk = jwk.toPublicJWK();
        if (publicJwk == null) {
            throw new IllegalArgumentException("it has no public part (kty " + jwk.getKeyType() + ")");
        }
        Set<JWSAlgorithm> byType = algorithmsOf(publicJwk);
        Set<JWSAlgorithm> algorithms = byType;
        Algorithm declared = jwk.getAlgorithm();
        if (declared != null) {
            JWSAlgorithm alg = JWSAlgorithm.parse(declared.getName());
            if (!byType.contains(alg)) {
                throw new IllegalArgumentException("its alg " + declared.getName() + " is not accepted for its type");
            }
            algorithms = Set.of(alg);
        }
        return new UpstreamKey(publicJwk.getKeyID(), algorithms, verifierOf(publicJwk));
    }

    private static Set<JWSAlgorithm> algorithmsOf(JWK jwk) {
        if (jwk instanceof RSAKey) {
            if (((RSAKey) jwk).size() < MIN_RSA_BITS) {
                throw new IllegalArgumentException("its RSA modulus is shorter than " + MIN_RSA_BITS + " bits");
            }
            return RSA_ALGORITHMS;
        }
        if (jwk instanceof ECKey) {
            Curve curve = ((ECKey) jwk).getCurve();
            if (Curve.P_256.equals(curve)) {
                return Set.of(JWSAlgorithm.ES256);
            }
            if (Curve.P_384.equals(curve)) {
                return Set.of(JWSAlgorithm.ES384);
            }
            if (Curve.P_521.equals(curve)) {
                return Set.of(JWSAlgorithm.ES512);
            }
            throw new IllegalArgumentException("its curve " + curve + " is not accepted");
        }
        if (jwk instanceof OctetKeyPair) {
            if (Curve.Ed25519.equals(((OctetKeyPair) jwk).getCurve())) {
                return Set.of(JWSAlgorithm.EdDSA);
            }
            throw new IllegalArgumentException("its curve " + ((OctetKeyPair) jwk).getCurve() + " is not accepted");
        }
        // oct (HMAC) keys among others: a public JWKS never legitimately holds them
        throw new IllegalArgumentException("its key type " + jwk.getKeyType() + " is not accepted");
    }

    private static JWSVerifier verifierOf(JWK jwk) {
        try {
            if (jwk instanceof RSAKey) {
                // the JDK's RSA: verifying costs tens of µs with any provider (bench/findings.md)
                return new RSASSAVerifier(((RSAKey) jwk).toRSAPublicKey());
            }
            if (jwk instanceof ECKey) {
                ECDSAVerifier ecdsa = new ECDSAVerifier(((ECKey) jwk).toECPublicKey(BOUNCY_CASTLE));
                ecdsa.getJCAContext().setProvider(BOUNCY_CASTLE);
                return ecdsa;
            }
            return new Ed25519JdkVerifier((OctetKeyPair) jwk);
        } catch (JOSEException | RuntimeException e) {
            throw new IllegalArgumentException("its public key is not valid");
        }
    }

    /** The {@code kid}, or null when the JWK has none. */
    String kid() {
        return kid;
    }

    boolean accepts(JWSAlgorithm algorithm) {
        return algorithms.contains(algorithm);
    }

    boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
        if (!accepts(header.getAlgorithm())) {
            return false;
        }
        try {
            return verifier.verify(header, signingInput, signature);
        } catch (JOSEException e) {
            return false;
        }
    }
}
