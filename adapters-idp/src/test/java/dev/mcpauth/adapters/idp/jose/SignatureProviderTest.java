package dev.mcpauth.adapters.idp.jose;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Key;
import java.security.Provider;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.mcpauth.adapters.idp.jose.TestTokens.claimsJson;
import static dev.mcpauth.adapters.idp.jose.TestTokens.fullClaims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SignatureProviderTest {
    private static final SignatureProvider NATIVE = SignatureProvider.choose(true, SignatureProvider.AMAZON_CORRETTO);
    private static final SignatureProvider FALLBACK = SignatureProvider.choose(false, () -> {
        throw new AssertionError("a native provider that is turned off is not even touched");
    });
    /** Plain JCA verifiers that know nothing of mcpauth or Nimbus. */
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void chooseWhenOnLinuxX86ThenTheNativeProviderLoadsFromItsJar() {
        assertTrue(NATIVE.isNative(), NATIVE.description());
        assertEquals("AmazonCorrettoCryptoProvider 2.5.0 (AWS-LC v1.47.0)", NATIVE.description());
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            assertEquals("AmazonCorrettoCryptoProvider", NATIVE.providerFor(algorithm).getName());
        }
    }

    @Test
    void chooseWhenTurnedOffThenBouncyCastleForEcAndTheJdkForRsa() {
        assertFalse(FALLBACK.isNative());
        assertEquals("BouncyCastle/JDK (native provider turned off: mcpauth.crypto.native=false)",
                FALLBACK.description());
        assertSame(BouncyCastle.PROVIDER, FALLBACK.providerFor(SigningAlgorithm.ES256));
        assertEquals("SunRsaSign", FALLBACK.providerFor(SigningAlgorithm.RS256).getName());
    }

    @Test
    void chooseWhenTheNativeProviderReportsALoadingErrorThenFallsBackNamingIt() {
        SignatureProvider chosen = SignatureProvider.choose(true, () -> {
            throw new ProviderException("its native library did not load",
                    new UnsatisfiedLinkError("no amazonCorrettoCryptoProvider in java.library.path"));
        });

        assertFalse(chosen.isNative());
        assertEquals("BouncyCastle/JDK (native provider unavailable: its native library did not load:"
                + " java.lang.UnsatisfiedLinkError: no amazonCorrettoCryptoProvider in java.library.path)",
                chosen.description());
        assertSame(BouncyCastle.PROVIDER, chosen.providerFor(SigningAlgorithm.ES256));
    }

    @Test
    void chooseWhenTheNativeProviderCannotEvenLinkThenFallsBackNamingWhy() {
        SignatureProvider chosen = SignatureProvider.choose(true, () -> {
            throw new NoClassDefFoundError("com/amazon/corretto/crypto/provider/AmazonCorrettoCryptoProvider");
        });

        assertFalse(chosen.isNative());
        assertEquals("BouncyCastle/JDK (native provider unavailable: java.lang.NoClassDefFoundError:"
                + " com/amazon/corretto/crypto/provider/AmazonCorrettoCryptoProvider)", chosen.description());
    }

    @Test
    void chosenWhenTheJvmTurnsItOffThenFallsBack() throws Exception {
        assertEquals("BouncyCastle/JDK (native provider turned off: mcpauth.crypto.native=false)",
                chosenInAnotherJvm("-Dmcpauth.crypto.native=false"));
    }

    @Test
    void chosenWhenTheNativeLibraryDoesNotLoadThenFallsBackWithTheProvidersReason() throws Exception {
        // makes the real provider skip the library in its jar and find none on java.library.path
        String chosen = chosenInAnotherJvm("-Dcom.amazon.corretto.crypto.provider.useExternalLib=true",
                "-Djava.library.path=" + Path.of("target", "no-native-libraries").toAbsolutePath());

        assertTrue(chosen.startsWith("BouncyCastle/JDK (native provider unavailable: its native library did not load:"
                + " com.amazon.corretto.crypto.provider.RuntimeCryptoException"), chosen);
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = "amd64")
    void chosenWhenNothingIsSetThenNative() throws Exception {
        assertEquals("AmazonCorrettoCryptoProvider 2.5.0 (AWS-LC v1.47.0)", chosenInAnotherJvm());
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void signerAndVerifierWhenNativeThenHoldTheKeyAsTheProvidersOwn(SigningAlgorithm algorithm) throws Exception {
        assumeNative();
        JWK jwk = TestTokens.privateJwk(SigningKey.generate(algorithm, FALLBACK));

        assertProviderClass("com.amazon.corretto.crypto.provider.", signerKey(NATIVE, jwk, algorithm));
        assertProviderClass("com.amazon.corretto.crypto.provider.", verifierKey(NATIVE, jwk, algorithm));
    }

    @Test
    void signerAndVerifierWhenFallbackThenEcKeysAreBouncyCastles() throws Exception {
        JWK jwk = TestTokens.privateJwk(SigningKey.generate(SigningAlgorithm.ES256, FALLBACK));

        assertProviderClass("org.bouncycastle.", signerKey(FALLBACK, jwk, SigningAlgorithm.ES256));
        assertProviderClass("org.bouncycastle.", verifierKey(FALLBACK, jwk, SigningAlgorithm.ES256));
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void signWhenNativeThenPlainBouncyCastleAndThePlainJdkVerify(SigningAlgorithm algorithm) throws Exception {
        assumeNative();
        SigningKey key = SigningKey.generate(algorithm, NATIVE);

        String token = key.sign(claimsJson(fullClaims()));

        assertJcaVerifies(null, key, token);
        assertJcaVerifies(BOUNCY_CASTLE, key, token);
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void signWhenFallbackThenPlainBouncyCastleAndThePlainJdkVerify(SigningAlgorithm algorithm) throws Exception {
        SigningKey key = SigningKey.generate(algorithm, FALLBACK);

        String token = key.sign(claimsJson(fullClaims()));

        assertJcaVerifies(null, key, token);
        assertJcaVerifies(BOUNCY_CASTLE, key, token);
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void verifyWhenSignedByTheOtherProviderThenValid(SigningAlgorithm algorithm) throws Exception {
        assumeNative();
        String privateJwk = SigningKey.generate(algorithm).toPrivateJwkJson();
        SigningKey nativeKey = SigningKey.fromPrivateJwk(privateJwk, NATIVE);
        SigningKey fallbackKey = SigningKey.fromPrivateJwk(privateJwk, FALLBACK);
        String publicJwk = nativeKey.verificationKey().toPublicJwkJson();

        assertTrue(verifies(VerificationKey.fromJwk(publicJwk, NATIVE), fallbackKey.sign(claimsJson(fullClaims()))));
        assertTrue(verifies(VerificationKey.fromJwk(publicJwk, FALLBACK), nativeKey.sign(claimsJson(fullClaims()))));
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void verifyWhenTheSignatureIsTamperedWithThenInvalidWithEitherProvider(SigningAlgorithm algorithm)
            throws Exception {
        SigningKey key = SigningKey.generate(algorithm);
        String token = key.sign(claimsJson(fullClaims()));
        byte[] signature = new Base64URL(token.substring(token.lastIndexOf('.') + 1)).decode();
        signature[signature.length / 2] ^= 1;
        String tampered = token.substring(0, token.lastIndexOf('.') + 1) + Base64URL.encode(signature);

        for (SignatureProvider providers : List.of(NATIVE, FALLBACK)) {
            VerificationKey verificationKey = VerificationKey.fromJwk(key.verificationKey().toPublicJwkJson(), providers);
            assertTrue(verifies(verificationKey, token), providers::toString);
            assertFalse(verifies(verificationKey, tampered), providers::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void generateWhenEitherProviderThenTheJwkIsCompleteAndTheKeyWorksWithTheOther(SigningAlgorithm algorithm)
            throws Exception {
        for (SignatureProvider providers : List.of(NATIVE, FALLBACK)) {
            SigningKey generated = SigningKey.generate(algorithm, providers);
            Map<String, Object> jwk = JSONObjectUtils.parse(generated.toPrivateJwkJson());

            // without the CRT factors every RS256 signature would cost several times as much
            List<String> members = algorithm == SigningAlgorithm.ES256
                    ? List.of("crv", "x", "y", "d")
                    : List.of("n", "e", "d", "p", "q", "dp", "dq", "qi");
            assertTrue(jwk.keySet().containsAll(members), providers + " " + jwk.keySet());
            SignatureProvider other = providers == NATIVE ? FALLBACK : NATIVE;
            assertTrue(verifies(VerificationKey.fromJwk(generated.verificationKey().toPublicJwkJson(), other),
                    generated.sign(claimsJson(fullClaims()))), providers::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void fromPrivateJwkWhenPublicMembersBelongToAnotherKeyThenRefusedWithEitherProvider(SigningAlgorithm algorithm)
            throws Exception {
        Map<String, Object> jwk = JSONObjectUtils.parse(SigningKey.generate(algorithm).toPrivateJwkJson());
        Map<String, Object> other = SigningKey.generate(algorithm).verificationKey().toPublicJwk();
        for (String member : algorithm == SigningAlgorithm.ES256 ? List.of("x", "y") : List.of("n")) {
            jwk.put(member, other.get(member));
        }
        String mismatched = JSONObjectUtils.toJSONString(jwk);

        for (SignatureProvider providers : List.of(NATIVE, FALLBACK)) {
            try {
                SigningKey.fromPrivateJwk(mismatched, providers);
                fail("a mismatched key was accepted with " + providers);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("the JWK holds a private key that"), e.getMessage());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void signWhenManyThreadsShareTheKeyThenEverySignatureVerifies(SigningAlgorithm algorithm) throws Exception {
        SigningKey key = SigningKey.generate(algorithm);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> signed = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                signed.add(threads.submit(() -> {
                    List<String> tokens = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        Map<String, Object> claims = claimsJson(fullClaims());
                        claims.put("jti", "thread-" + thread + "-" + i);
                        tokens.add(key.sign(claims));
                    }
                    return tokens;
                }));
            }
            for (Future<List<String>> tokens : signed) {
                for (String token : tokens.get(60, TimeUnit.SECONDS)) {
                    assertTrue(verifies(key.verificationKey(), token));
                    assertJcaVerifies(null, key, token);
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void assumeNative() {
        assumeTrue(NATIVE.isNative(), NATIVE::description);
    }

    private static Key signerKey(SignatureProvider providers, JWK jwk, SigningAlgorithm algorithm) throws Exception {
        var signer = providers.signer(jwk, algorithm);
        return algorithm == SigningAlgorithm.ES256
                ? ((ECDSASigner) signer).getPrivateKey()
                : ((RSASSASigner) signer).getPrivateKey();
    }

    private static Key verifierKey(SignatureProvider providers, JWK jwk, SigningAlgorithm algorithm) throws Exception {
        var verifier = providers.verifier(jwk.toPublicJWK(), algorithm);
        return algorithm == SigningAlgorithm.ES256
                ? ((ECDSAVerifier) verifier).getPublicKey()
                : ((RSASSAVerifier) verifier).getPublicKey();
    }

    private static void assertProviderClass(String packagePrefix, Key key) {
        assertTrue(key.getClass().getName().startsWith(packagePrefix), key.getClass().getName());
    }

    private static boolean verifies(VerificationKey key, String token) throws Exception {
        int lastDot = token.lastIndexOf('.');
        JWSHeader header = JWSHeader.parse(new Base64URL(token.substring(0, token.indexOf('.'))));
        return key.verify(header, token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII),
                new Base64URL(token.substring(lastDot + 1)));
    }

    /**
     * Verifies with a bare JCA {@code Signature} of {@code provider} (the JDK's when null): RS256 as PKCS#1 v1.5,
     * ES256 as the 64 bytes R || S of RFC 7518 §3.4, not DER.
     */
    private static void assertJcaVerifies(Provider provider, SigningKey key, String token) throws Exception {
        int lastDot = token.lastIndexOf('.');
        byte[] signature = new Base64URL(token.substring(lastDot + 1)).decode();
        JWK publicJwk = JWK.parse(key.verificationKey().toPublicJwk());
        PublicKey publicKey;
        String algorithm;
        if (key.algorithm() == SigningAlgorithm.ES256) {
            assertEquals(64, signature.length);
            publicKey = ((ECKey) publicJwk).toECPublicKey();
            algorithm = provider == null ? "SHA256withECDSAinP1363Format" : "SHA256withPLAIN-ECDSA";
        } else {
            assertEquals(256, signature.length);
            publicKey = ((RSAKey) publicJwk).toRSAPublicKey();
            algorithm = "SHA256withRSA";
        }
        Signature verifier = provider == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm,
                provider);
        verifier.initVerify(publicKey);
        verifier.update(token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        assertTrue(verifier.verify(signature), () -> verifier.getProvider().getName() + " rejects " + token);
    }

    /** The description of the choice a fresh JVM makes, so that no system property leaks into other tests. */
    private static String chosenInAnotherJvm(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PrintChosen.class.getName()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the JVM did not end");
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    /** Prints the choice of its JVM. */
    static final class PrintChosen {
        public static void main(String[] args) {
            System.out.println(SignatureProvider.chosen().description());
        }
    }
}
