package dev.mcpauth.adapters.idp.jose;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.Callable;

/**
 * The JCA providers that sign and verify our JWTs: AWS-LC through the Amazon Corretto Crypto Provider when its native
 * library loads and passes its self-tests, otherwise BouncyCastle for EC and the JDK for RSA (bench/findings.md: the
 * native one is 2 to 4 times faster). Chosen once per JVM and passed explicitly to each signer and verifier, never
 * installed globally, so that TLS and everything else keep the JDK's providers.
 */
final class SignatureProvider {
    /** {@code -Dmcpauth.crypto.native=false} leaves the native provider out, to tell its effects apart. */
    static final String NATIVE_PROPERTY = "mcpauth.crypto.native";

    /**
     * Touches the native provider only when called, so that a missing class or library becomes a reason to fall back;
     * a lambda, because a method reference would link {@code AmazonCorretto} as soon as this class initializes.
     */
    static final Callable<Provider> AMAZON_CORRETTO = () -> AmazonCorretto.usable();

    private static final Logger LOG = LoggerFactory.getLogger(SignatureProvider.class);

    private final Provider ec;
    private final Provider rsa;
    private final boolean isNative;
    private final String description;

    private SignatureProvider(Provider ec, Provider rsa, boolean isNative, String description) {
        this.ec = ec;
        this.rsa = rsa;
        this.isNative = isNative;
        this.description = description;
    }

    /** The choice of this JVM, made and logged on first use. */
    static SignatureProvider chosen() {
        return Chosen.INSTANCE;
    }

    /**
     * The native provider unless it is not allowed or {@code nativeProvider} fails to deliver it; the fallback then
     * says why.
     */
    static SignatureProvider choose(boolean nativeAllowed, Callable<Provider> nativeProvider) {
        if (!nativeAllowed) {
            return fallback("native provider turned off: " + NATIVE_PROPERTY + "=false");
        }
        Provider provider;
        try {
            provider = nativeProvider.call();
        } catch (Exception | LinkageError e) {
            // LinkageError: NoClassDefFoundError without the jar, UnsatisfiedLinkError, ExceptionInInitializerError
            return fallback("native provider unavailable: " + reason(e));
        }
        return new SignatureProvider(provider, provider, true, provider.getInfo());
    }

    private static SignatureProvider fallback(String why) {
        // what mcpauth used before the native provider, so that turning it off changes nothing else. BouncyCastle's
        // ECDSA is several times faster than the JDK 17 one; for RSA-2048 it would be faster too (bench/findings.md:
        // 1.7 against 2.7 ms a signature), but RSA stays with the provider of the JDK's own keys (SunRsaSign)
        Provider jdkRsa;
        try {
            jdkRsa = KeyFactory.getInstance("RSA").getProvider();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no RSA", e);
        }
        return new SignatureProvider(BouncyCastle.PROVIDER, jdkRsa, false, "BouncyCastle/JDK (" + why + ")");
    }

    private static String reason(Throwable problem) {
        Throwable root = problem;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == problem ? problem.toString() : problem.getMessage() + ": " + root;
    }

    boolean isNative() {
        return isNative;
    }

    /** Which providers these are, and for the fallback why; for the log. */
    String description() {
        return description;
    }

    /** The provider that generates, signs and verifies keys of {@code algorithm}. */
    Provider providerFor(SigningAlgorithm algorithm) {
        return algorithm == SigningAlgorithm.ES256 ? ec : rsa;
    }

    /** A signer for the private key of {@code privateJwk}; Nimbus signers get a fresh {@code Signature} per call. */
    JWSSigner signer(JWK privateJwk, SigningAlgorithm algorithm) throws JOSEException {
        Provider provider = providerFor(algorithm);
        if (algorithm == SigningAlgorithm.ES256) {
            ECPrivateKey key = (ECPrivateKey) translate(((ECKey) privateJwk).toECPrivateKey(), provider);
            ECDSASigner ecdsa = new ECDSASigner(key);
            ecdsa.getJCAContext().setProvider(provider);
            return ecdsa;
        }
        PrivateKey key = (PrivateKey) translate(((RSAKey) privateJwk).toRSAPrivateKey(), provider);
        RSASSASigner rsassa = new RSASSASigner(key);
        rsassa.getJCAContext().setProvider(provider);
        return rsassa;
    }

    /** A verifier for the public key of {@code publicJwk}; Nimbus verifiers get a fresh {@code Signature} per call. */
    JWSVerifier verifier(JWK publicJwk, SigningAlgorithm algorithm) throws JOSEException {
        Provider provider = providerFor(algorithm);
        if (algorithm == SigningAlgorithm.ES256) {
            ECPublicKey key = (ECPublicKey) translate(((ECKey) publicJwk).toECPublicKey(), provider);
            ECDSAVerifier ecdsa = new ECDSAVerifier(key);
            ecdsa.getJCAContext().setProvider(provider);
            return ecdsa;
        }
        RSAPublicKey key = (RSAPublicKey) translate(((RSAKey) publicJwk).toRSAPublicKey(), provider);
        RSASSAVerifier rsassa = new RSASSAVerifier(key);
        rsassa.getJCAContext().setProvider(provider);
        return rsassa;
    }

    /**
     * The key as {@code provider}'s own class, once: given a key of another provider, the native one converts it on
     * every signature (RS256 signed at half the rate, bench/findings.md).
     */
    private static Key translate(Key key, Provider provider) throws JOSEException {
        try {
            return KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key);
        } catch (GeneralSecurityException e) {
            throw new JOSEException("cannot translate the " + key.getAlgorithm() + " key into " + provider.getName(),
                    e);
        }
    }

    @Override
    public String toString() {
        return "SignatureProvider[" + description + "]";
    }

    private static final class Chosen {
        static final SignatureProvider INSTANCE = choose(
                !"false".equalsIgnoreCase(System.getProperty(NATIVE_PROPERTY, "true").strip()), AMAZON_CORRETTO);

        static {
            LOG.info("JWT signatures: {}", INSTANCE.description);
        }
    }

    /** The only class that names the native provider's classes, so that only calling it can fail to link. */
    private static final class AmazonCorretto {
        static Provider usable() {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            Throwable loadingError = accp.getLoadingError();
            if (loadingError != null) {
                throw new ProviderException("its native library did not load", loadingError);
            }
            // runs the self-tests now, which the first key translation would run anyway, so that a failure falls
            // back here instead of failing every signature
            accp.assertHealthy();
            return accp;
        }
    }
}
