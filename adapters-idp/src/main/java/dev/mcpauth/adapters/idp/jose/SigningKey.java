package dev.mcpauth.adapters.idp.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Provider;
import java.util.Map;
import java.util.Objects;

/**
 * A private signing key for JWS (RFC 7515) with ES256 or RS256 (RFC 7518 §3), identified by its RFC 7638 JWK
 * thumbprint. Its signer and verifier are built once, with the key translated into the {@link SignatureProvider},
 * and shared by all threads.
 */
public final class SigningKey {
    /** RFC 9068 §2.1: the {@code typ} of JWT access tokens. */
    static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");
    /** {@code typ} of the identity assertions handed to upstream MCP servers. */
    public static final JOSEObjectType IDENTITY_ASSERTION_TYPE = new JOSEObjectType("mcpauth-identity+jwt");

    static final String DEFAULT_CONFIG_PREFIX = "mcpauth.auth.signing";

    private static final int RSA_KEY_BITS = 2048;

    private final JWK privateJwk;
    private final SigningAlgorithm algorithm;
    private final JWSSigner signer;
    private final JWSHeader header;
    private final String encodedHeader;
    private final JWSHeader assertionHeader;
    private final String encodedAssertionHeader;
    private final VerificationKey verificationKey;

    private SigningKey(JWK canonicalPrivateJwk, SigningAlgorithm algorithm, KeyMaterial.Source source,
                       SignatureProvider providers) {
        this.privateJwk = canonicalPrivateJwk;
        this.algorithm = algorithm;
        this.signer = signer(canonicalPrivateJwk, algorithm, source, providers);
        this.verificationKey = VerificationKey.of(canonicalPrivateJwk.toPublicJWK(), algorithm, providers);
        this.header = new JWSHeader.Builder(algorithm.jwsAlgorithm())
                .type(ACCESS_TOKEN_TYPE)
                .keyID(canonicalPrivateJwk.getKeyID())
                .build();
        this.encodedHeader = header.toBase64URL().toString();
        this.assertionHeader = new JWSHeader.Builder(header).type(IDENTITY_ASSERTION_TYPE).build();
        this.encodedAssertionHeader = assertionHeader.toBase64URL().toString();
        checkPair(source);
    }

    /**
     * Chooses the JCA provider that signs and verifies now, loading the native one (its library and self-tests take
     * a few hundred milliseconds): a host can call this on another thread while it starts, instead of paying for it
     * on the first key.
     */
    public static void chooseSignatureProvider() {
        SignatureProvider.chosen();
    }

    /** A fresh key: EC P-256 for ES256, 2048-bit RSA for RS256. */
    public static SigningKey generate(SigningAlgorithm algorithm) {
        return generate(algorithm, SignatureProvider.chosen());
    }

    static SigningKey generate(SigningAlgorithm algorithm, SignatureProvider providers) {
        Objects.requireNonNull(algorithm);
        KeyMaterial.Source source = KeyMaterial.Source.generated(algorithm);
        Provider provider = providers.providerFor(algorithm);
        try {
            JWK generated = algorithm == SigningAlgorithm.ES256
                    ? new ECKeyGenerator(Curve.P_256).provider(provider).generate()
                    : new RSAKeyGenerator(RSA_KEY_BITS).provider(provider).generate();
            return new SigningKey(KeyMaterial.canonical(generated, algorithm, source), algorithm, source, providers);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key", e);
        }
    }

    /**
     * Loads the key configured as {@code mcpauth.auth.signing.key-file}; see {@link #load(Path, SigningAlgorithm, String)}.
     */
    public static SigningKey load(Path keyFile, SigningAlgorithm algorithm) {
        return load(keyFile, algorithm, DEFAULT_CONFIG_PREFIX);
    }

    /**
     * Loads a private key from a file holding either PEM (PKCS#8 {@code PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY} or
     * PKCS#1 {@code RSA PRIVATE KEY}) or a private JWK (RFC 7517), and checks that it suits {@code algorithm}.
     *
     * @param configPrefix the configuration path of the {@code signing} block (e.g. {@code mcpauth.auth.signing}),
     *                     used to name {@code <prefix>.key-file} and {@code <prefix>.algorithm} in error messages
     * @throws IllegalArgumentException with a message naming the file and what is wrong, never key material
     */
    public static SigningKey load(Path keyFile, SigningAlgorithm algorithm, String configPrefix) {
        Objects.requireNonNull(keyFile);
        Objects.requireNonNull(algorithm);
        KeyMaterial.Source source = KeyMaterial.Source.file(configPrefix, keyFile);
        JWK loaded = KeyMaterial.readKeyFile(keyFile, source);
        return fromJwk(loaded, algorithm, source, SignatureProvider.chosen());
    }

    /**
     * Reads a private JWK, for example one written by {@link #toPrivateJwkJson()}; the algorithm comes from its
     * {@code alg}, or else from its key type (EC P-256: ES256, RSA: RS256).
     *
     * @throws IllegalArgumentException when it is not a usable private key; the message holds no key material
     */
    public static SigningKey fromPrivateJwk(String json) {
        return fromPrivateJwk(json, SignatureProvider.chosen());
    }

    static SigningKey fromPrivateJwk(String json, SignatureProvider providers) {
        KeyMaterial.Source source = KeyMaterial.Source.jwk();
        return fromJwk(KeyMaterial.parseJwk(json, source), null, source, providers);
    }

    /**
     * Reads a private JWK and checks that it suits {@code algorithm}.
     *
     * @throws IllegalArgumentException when it is not a usable private key for {@code algorithm}
     */
    public static SigningKey fromPrivateJwk(String json, SigningAlgorithm algorithm) {
        Objects.requireNonNull(algorithm);
        KeyMaterial.Source source = KeyMaterial.Source.jwk();
        return fromJwk(KeyMaterial.parseJwk(json, source), algorithm, source, SignatureProvider.chosen());
    }

    private static SigningKey fromJwk(JWK parsed, SigningAlgorithm expected, KeyMaterial.Source source,
                                      SignatureProvider providers) {
        if (!parsed.isPrivate()) {
            throw source.problem("holds a public key only; a private key is needed to sign");
        }
        SigningAlgorithm algorithm = KeyMaterial.checkType(parsed, expected, source);
        return new SigningKey(KeyMaterial.canonical(parsed, algorithm, source), algorithm, source, providers);
    }

    /**
     * The private key as a JWK JSON object ({@code kty, use, alg, kid} and the private members), for storage.
     * This is secret: store it encrypted, never log it.
     */
    public String toPrivateJwkJson() {
        return JSONObjectUtils.toJSONString(privateJwk.toJSONObject());
    }

    /** The RFC 7638 JWK thumbprint (SHA-256, base64url) that tokens carry as {@code kid}. */
    public String kid() {
        return verificationKey.kid();
    }

    public SigningAlgorithm algorithm() {
        return algorithm;
    }

    /** The public half of this key, to verify with and to publish. */
    public VerificationKey verificationKey() {
        return verificationKey;
    }

    /** Signs a JWT with header {@code alg, typ: at+jwt, kid} and the given claims, in JWS compact serialization. */
    String sign(Map<String, Object> claims) {
        return sign(header, encodedHeader, claims);
    }

    /**
     * Signs an identity assertion for an upstream MCP server: the same key, but {@code typ} marks it as no access
     * token, so that it can never be replayed as one (RFC 8725 §3.11).
     */
    String signIdentityAssertion(Map<String, Object> claims) {
        return sign(assertionHeader, encodedAssertionHeader, claims);
    }

    private String sign(JWSHeader header, String encodedHeader, Map<String, Object> claims) {
        String encodedPayload = Base64URL.encode(JSONObjectUtils.toJSONString(claims)).toString();
        String signingInput = encodedHeader + '.' + encodedPayload;
        try {
            Base64URL signature = signer.sign(header, signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + '.' + signature;
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with the " + algorithm + " key " + kid(), e);
        }
    }

    private static JWSSigner signer(JWK jwk, SigningAlgorithm algorithm, KeyMaterial.Source source,
                                    SignatureProvider providers) {
        try {
            return providers.signer(jwk, algorithm);
        } catch (JOSEException | RuntimeException e) {
            throw source.problem("holds a private key that cannot be used for " + algorithm);
        }
    }

    /** A private JWK whose public members belong to another key would sign tokens nobody can verify. */
    private void checkPair(KeyMaterial.Source source) {
        byte[] probe = (encodedHeader + ".cHJvYmU").getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            matches = verificationKey.verify(header, probe, signer.sign(header, probe));
        } catch (JOSEException | RuntimeException e) {
            matches = false;
        }
        if (!matches) {
            throw source.problem("holds a private key that does not match its public key");
        }
    }

    @Override
    public String toString() {
        return "SigningKey[" + algorithm + ", kid=" + kid() + "]";
    }
}
