package dev.mcpauth.adapters.idp.upstream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Set;

/**
 * EdDSA with Ed25519 (RFC 8037 §3.1) on the JDK's own implementation (Java 15+): nimbus's {@code Ed25519Verifier}
 * needs Google Tink at run time, which this project does not ship.
 */
final class Ed25519JdkVerifier implements JWSVerifier {
    /** The DER SubjectPublicKeyInfo header of an Ed25519 key (RFC 8410 §4), followed by the 32 key bytes. */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final int KEY_BYTES = 32;
    private static final int SIGNATURE_BYTES = 64;

    private final PublicKey publicKey;
    private final JCAContext jcaContext = new JCAContext();

    Ed25519JdkVerifier(OctetKeyPair jwk) throws JOSEException {
        if (!Curve.Ed25519.equals(jwk.getCurve())) {
            throw new JOSEException("only the Ed25519 curve is supported");
        }
        byte[] x = jwk.getDecodedX();
        if (x == null || x.length != KEY_BYTES) {
            throw new JOSEException("an Ed25519 public key has 32 bytes");
        }
        byte[] spki = new byte[SPKI_PREFIX.length + KEY_BYTES];
        System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
        System.arraycopy(x, 0, spki, SPKI_PREFIX.length, KEY_BYTES);
        try {
            this.publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new JOSEException("the Ed25519 public key is not valid");
        }
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
        if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
            throw new JOSEException("Ed25519 keys verify EdDSA only");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            return false;
        }
        byte[] signatureBytes = signature.decode();
        if (signatureBytes.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            // Signature instances are not thread-safe; one per call is cheap next to the verification itself
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(publicKey);
            ed25519.update(signingInput);
            return ed25519.verify(signatureBytes);
        } catch (SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new JOSEException("Ed25519 verification is unavailable", e);
        }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.EdDSA);
    }

    @Override
    public JCAContext getJCAContext() {
        return jcaContext;
    }
}
