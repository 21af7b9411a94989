package dev.mcpauth.adapters.idp.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The public half of a signing key: verifies signatures (RFC 7515) and is published in the JWKS (RFC 7517 §4)
 * under its RFC 7638 thumbprint as {@code kid}; retiring keys are kept as these.
 */
public final class VerificationKey {
    private final String kid;
    private final SigningAlgorithm algorithm;
    private final Map<String, Object> publicJwk;
    private final JWSVerifier verifier;

    private VerificationKey(String kid, SigningAlgorithm algorithm, JWK canonicalPublicJwk, JWSVerifier verifier) {
        this.kid = kid;
        this.algorithm = algorithm;
        this.publicJwk = Collections.unmodifiableMap(new LinkedHashMap<>(canonicalPublicJwk.toJSONObject()));
        this.verifier = verifier;
    }

    /**
     * Reads a JWK (public or private; only the public part is kept), for example one stored by
     * {@link #toPublicJwkJson()}. The {@code kid} is recomputed as the RFC 7638 thumbprint.
     *
     * @throws IllegalArgumentException when it is not an EC P-256 or RSA (2048 bits or more) key; the message holds
     *                                  no key material
     */
    public static VerificationKey fromJwk(String json) {
        return fromJwk(json, SignatureProvider.chosen());
    }

    static VerificationKey fromJwk(String json, SignatureProvider providers) {
        KeyMaterial.Source source = KeyMaterial.Source.jwk();
        JWK parsed = KeyMaterial.parseJwk(json, source);
        SigningAlgorithm algorithm = KeyMaterial.checkType(parsed, null, source);
        return of(KeyMaterial.canonical(parsed.toPublicJWK(), algorithm, source), algorithm, providers);
    }

    /**
     * Builds the verifier of a canonical public JWK once, with the key translated into {@code providers}; nimbus
     * verifiers are thread-safe.
     */
    static VerificationKey of(JWK canonicalPublicJwk, SigningAlgorithm algorithm, SignatureProvider providers) {
        try {
            JWSVerifier verifier = providers.verifier(canonicalPublicJwk, algorithm);
            return new VerificationKey(canonicalPublicJwk.getKeyID(), algorithm, canonicalPublicJwk, verifier);
        } catch (JOSEException | RuntimeException e) {
            throw new IllegalArgumentException("the public key cannot be used for " + algorithm);
        }
    }

    /** The RFC 7638 JWK thumbprint (SHA-256, base64url) that tokens carry as {@code kid}. */
    public String kid() {
        return kid;
    }

    public SigningAlgorithm algorithm() {
        return algorithm;
    }

    /** The public JWK as published: {@code kty, use, alg, kid} and {@code crv, x, y} or {@code n, e}; unmodifiable. */
    public Map<String, Object> toPublicJwk() {
        return publicJwk;
    }

    /** The public JWK as JSON, for storage. */
    public String toPublicJwkJson() {
        return JSONObjectUtils.toJSONString(publicJwk);
    }

    boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
        return verifier.verify(header, signingInput, signature);
    }

    @Override
    public String toString() {
        return "VerificationKey[" + algorithm + ", kid=" + kid + "]";
    }
}
