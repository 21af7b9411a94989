package dev.mcpauth.adapters.idp.jose;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import java.util.Optional;

import static dev.mcpauth.adapters.idp.jose.TestTokens.fullClaims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SigningKeyTest {
    private static final String KEY_FILE = "mcpauth.auth.signing.key-file";
    private static final String ALGORITHM = "mcpauth.auth.signing.algorithm";

    private static KeyPair ecKeyPair;
    private static KeyPair bcEcKeyPair;
    private static KeyPair rsaKeyPair;

    @TempDir
    Path dir;

    @BeforeAll
    static void generateKeyPairs() throws GeneralSecurityException {
        // the JDK leaves the public point out of PKCS#8 and SEC1; BouncyCastle writes it: both must load
        ecKeyPair = ecKeyPair("secp256r1", null);
        bcEcKeyPair = ecKeyPair("secp256r1", new BouncyCastleProvider());
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        rsaKeyPair = rsa.generateKeyPair();
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void generateWhenCalledThenKidIsTheThumbprintAndTheKeySignsVerifiableTokens(SigningAlgorithm algorithm)
            throws Exception {
        SigningKey key = SigningKey.generate(algorithm);

        assertEquals(algorithm, key.algorithm());
        assertEquals(JWK.parse(key.verificationKey().toPublicJwk()).computeThumbprint().toString(), key.kid());
        assertSignsVerifiableTokens(key);
    }

    @Test
    void generateWhenRs256ThenTheModulusHas2048Bits() throws Exception {
        SigningKey key = SigningKey.generate(SigningAlgorithm.RS256);

        assertEquals(2048, RSAKey.parse(key.verificationKey().toPublicJwk()).size());
    }

    @Test
    void loadWhenEcPkcs8PemThenLoadsThatKey() throws Exception {
        for (KeyPair pair : new KeyPair[] {ecKeyPair, bcEcKeyPair}) {
            Path file = write("ec-pkcs8.pem", pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
            assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----"));

            SigningKey key = SigningKey.load(file, SigningAlgorithm.ES256);

            assertEquals(ecThumbprint(pair), key.kid());
            assertSignsVerifiableTokens(key);
        }
    }

    @Test
    void loadWhenEcSec1PemThenLoadsThatKey() throws Exception {
        String[] pems = {
            sec1Pem(ecKeyPair, true),
            sec1Pem(ecKeyPair, false),
            pem(bcEcKeyPair.getPrivate())
        };
        KeyPair[] pairs = {ecKeyPair, ecKeyPair, bcEcKeyPair};
        for (int i = 0; i < pems.length; i++) {
            Path file = write("ec-sec1-" + i + ".pem", pems[i]);
            assertTrue(Files.readString(file).startsWith("-----BEGIN EC PRIVATE KEY-----"));

            SigningKey key = SigningKey.load(file, SigningAlgorithm.ES256);

            assertEquals(ecThumbprint(pairs[i]), key.kid());
            assertSignsVerifiableTokens(key);
        }
    }

    @Test
    void loadWhenSec1PemLeavesItsCurveToAnEcParametersBlockThenLoadsThatKey() throws Exception {
        // BouncyCastle's writer leaves the curve out of a JDK key's SEC1 structure; the EC PARAMETERS block names it
        String parameters = pem(new PemObject("EC PARAMETERS", SECObjectIdentifiers.secp256r1.getEncoded()));
        Path file = write("ecparam.pem", parameters + pem(ecKeyPair.getPrivate()));

        SigningKey key = SigningKey.load(file, SigningAlgorithm.ES256);

        assertEquals(ecThumbprint(ecKeyPair), key.kid());
    }

    @Test
    void loadWhenSec1PemNamesNoCurveThenRefused() throws Exception {
        Path file = write("nocurve.pem", pem(ecKeyPair.getPrivate()));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.load(file, SigningAlgorithm.ES256));

        assertEquals(KEY_FILE + " " + file + " holds an EC private key that does not name its curve", e.getMessage());
    }

    @Test
    void loadWhenRsaPkcs8PemThenLoadsThatKey() throws Exception {
        Path file = write("rsa-pkcs8.pem", pem(new JcaPKCS8Generator(rsaKeyPair.getPrivate(), null)));
        assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----"));

        SigningKey key = SigningKey.load(file, SigningAlgorithm.RS256);

        assertEquals(rsaThumbprint(rsaKeyPair), key.kid());
        assertSignsVerifiableTokens(key);
    }

    @Test
    void loadWhenRsaPkcs1PemThenLoadsThatKey() throws Exception {
        Path file = write("rsa-pkcs1.pem", pem(rsaKeyPair.getPrivate()));
        assertTrue(Files.readString(file).startsWith("-----BEGIN RSA PRIVATE KEY-----"));

        SigningKey key = SigningKey.load(file, SigningAlgorithm.RS256);

        assertEquals(rsaThumbprint(rsaKeyPair), key.kid());
        assertSignsVerifiableTokens(key);
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void loadWhenPrivateJwkFileThenLoadsThatKey(SigningAlgorithm algorithm) throws Exception {
        SigningKey original = SigningKey.generate(algorithm);
        Path file = write("key.jwk", original.toPrivateJwkJson());

        SigningKey loaded = SigningKey.load(file, algorithm);

        assertEquals(original.kid(), loaded.kid());
        assertSignsVerifiableTokens(loaded);
    }

    @Test
    void loadWhenJwkSetOfOneKeyThenLoadsIt() throws Exception {
        SigningKey original = SigningKey.generate(SigningAlgorithm.ES256);
        Path file = write("keys.json", "{\"keys\":[" + original.toPrivateJwkJson() + "]}");

        assertEquals(original.kid(), SigningKey.load(file, SigningAlgorithm.ES256).kid());
    }

    @Test
    void loadWhenRsaPemButAlgorithmIsEs256ThenMessageNamesTheSettingsAndHoldsNoKeyMaterial() throws Exception {
        String pem = pem(rsaKeyPair.getPrivate());
        Path file = write("signing.pem", pem);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.load(file, SigningAlgorithm.ES256));

        assertEquals(KEY_FILE + " " + file + " holds an RSA key but " + ALGORITHM + " is ES256", e.getMessage());
        assertHoldsNoKeyMaterial(e, pem);
    }

    @Test
    void loadWhenEcPemButAlgorithmIsRs256ThenMessageNamesTheSettingsAndHoldsNoKeyMaterial() throws Exception {
        String pem = pem(new JcaPKCS8Generator(ecKeyPair.getPrivate(), null));
        Path file = write("signing.pem", pem);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.load(file, SigningAlgorithm.RS256));

        assertEquals(KEY_FILE + " " + file + " holds an EC key but " + ALGORITHM + " is RS256", e.getMessage());
        assertHoldsNoKeyMaterial(e, pem);
    }

    @Test
    void loadWhenRsaJwkButAlgorithmIsEs256ThenMessageNamesTheSettingsAndHoldsNoKeyMaterial() throws Exception {
        String jwk = SigningKey.generate(SigningAlgorithm.RS256).toPrivateJwkJson();
        Path file = write("signing.jwk", jwk);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.load(file, SigningAlgorithm.ES256));

        assertEquals(KEY_FILE + " " + file + " holds an RSA key but " + ALGORITHM + " is ES256", e.getMessage());
        Map<String, Object> members = JSONObjectUtils.parse(jwk);
        for (String member : new String[] {"n", "d", "p", "q", "dp", "dq", "qi"}) {
            assertFalse(e.getMessage().contains((String) members.get(member)), member);
        }
    }

    @Test
    void loadWhenConfigPrefixIsGivenThenMessageNamesThatPrefix() throws Exception {
        Path file = write("signing.pem", pem(rsaKeyPair.getPrivate()));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.load(file, SigningAlgorithm.ES256, "mcpauth.apps[0].auth.signing"));

        assertEquals("mcpauth.apps[0].auth.signing.key-file " + file + " holds an RSA key but "
                + "mcpauth.apps[0].auth.signing.algorithm is ES256", e.getMessage());
    }

    @Test
    void loadWhenEcKeyIsNotP256ThenRefused() throws Exception {
        Path file = write("p384.pem", pem(ecKeyPair("secp384r1", new BouncyCastleProvider()).getPrivate()));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.load(file, SigningAlgorithm.ES256));

        assertEquals(KEY_FILE + " " + file + " holds an EC P-384 key; ES256 needs P-256", e.getMessage());
    }

    @Test
    void loadWhenRsaKeyIsShorterThan2048BitsThenRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        Path file = write("rsa1024.pem", pem(generator.generateKeyPair().getPrivate()));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.load(file, SigningAlgorithm.RS256));

        assertEquals(KEY_FILE + " " + file + " holds a 1024-bit RSA key; RS256 needs 2048 bits or more",
                e.getMessage());
    }

    @Test
    void loadWhenEd25519KeyThenRefusedNamingItsType() throws Exception {
        KeyPair ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path file = write("ed25519.pem", pem(new JcaPKCS8Generator(ed25519.getPrivate(), null)));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.load(file, SigningAlgorithm.ES256));

        assertTrue(e.getMessage().startsWith(KEY_FILE + " " + file + " holds an Ed25519 key"), e.getMessage());
    }

    @Test
    void loadWhenPemHoldsOnlyAPublicKeyThenRefused() throws Exception {
        Path file = write("public.pem", pem(ecKeyPair.getPublic()));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.load(file, SigningAlgorithm.ES256));

        assertEquals(KEY_FILE + " " + file + " holds a public key or certificate but no private key", e.getMessage());
    }

    @Test
    void loadWhenPemIsEncryptedThenRefused() throws Exception {
        JceOpenSSLPKCS8EncryptorBuilder encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                .setProvider(new BouncyCastleProvider())
                .setPassword("secret".toCharArray());
        Path file = write("encrypted.pem", pem(new JcaPKCS8Generator(ecKeyPair.getPrivate(), encryptor.build())));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.load(file, SigningAlgorithm.ES256));

        assertTrue(e.getMessage().startsWith(KEY_FILE + " " + file + " holds an encrypted private key"),
                e.getMessage());
    }

    @Test
    void loadWhenPemBodyIsCorruptThenRefusedWithoutEchoingIt() throws Exception {
        String body = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg";
        Path file = write("corrupt.pem", "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.load(file, SigningAlgorithm.ES256));

        assertEquals(KEY_FILE + " " + file + " is not a readable PEM file", e.getMessage());
        assertFalse(e.getMessage().contains(body));
    }

    @Test
    void loadWhenFileIsMissingThenRefused() {
        Path file = dir.resolve("missing.pem");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.load(file, SigningAlgorithm.ES256));

        assertEquals(KEY_FILE + " " + file + " does not exist or is not a regular file", e.getMessage());
    }

    @Test
    void loadWhenFileIsNeitherPemNorJwkThenRefused() throws Exception {
        Path text = write("notes.txt", "just some text");
        Path der = dir.resolve("key.der");
        Files.write(der, rsaKeyPair.getPrivate().getEncoded());

        assertEquals(KEY_FILE + " " + text + " holds neither a PEM private key nor a JWK",
                assertThrows(IllegalArgumentException.class, () -> SigningKey.load(text, SigningAlgorithm.RS256))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SigningKey.load(der, SigningAlgorithm.RS256))
                .getMessage().startsWith(KEY_FILE + " " + der + " is not text"));
    }

    @Test
    void loadWhenJwkIsInvalidThenRefused() throws Exception {
        Path notJson = write("a.jwk", "{\"kty\":");
        Path notJwk = write("b.jwk", "{\"kty\":\"EC\",\"crv\":\"P-256\"}");
        Path twoKeys = write("c.jwk", "{\"keys\":[{},{}]}");

        assertEquals(KEY_FILE + " " + notJson + " is not valid JSON",
                assertThrows(IllegalArgumentException.class, () -> SigningKey.load(notJson, SigningAlgorithm.ES256))
                        .getMessage());
        assertEquals(KEY_FILE + " " + notJwk + " is not a valid JWK (RFC 7517)",
                assertThrows(IllegalArgumentException.class, () -> SigningKey.load(notJwk, SigningAlgorithm.ES256))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SigningKey.load(twoKeys, SigningAlgorithm.ES256))
                .getMessage().contains("JWK set"));
    }

    @Test
    void loadWhenJwkIsSymmetricThenRefusedMentioningHs() throws Exception {
        Path file = write("oct.jwk", "{\"kty\":\"oct\",\"k\":\"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI\"}");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.load(file, SigningAlgorithm.ES256));

        assertTrue(e.getMessage().contains("symmetric") && e.getMessage().contains("HS*"), e.getMessage());
        assertFalse(e.getMessage().contains("c2VjcmV0"));
    }

    @Test
    void loadWhenJwkIsPublicOnlyThenRefused() throws Exception {
        SigningKey key = SigningKey.generate(SigningAlgorithm.ES256);
        Path file = write("public.jwk", key.verificationKey().toPublicJwkJson());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.load(file, SigningAlgorithm.ES256));

        assertEquals(KEY_FILE + " " + file + " holds a public key only; a private key is needed to sign",
                e.getMessage());
    }

    @Test
    void fromPrivateJwkWhenUseIsEncOrAlgIsAnotherThenRefused() throws Exception {
        Map<String, Object> jwk = JSONObjectUtils.parse(SigningKey.generate(SigningAlgorithm.ES256).toPrivateJwkJson());
        jwk.put("use", "enc");
        String enc = JSONObjectUtils.toJSONString(jwk);
        jwk.put("use", "sig");
        jwk.put("alg", "ES384");
        String es384 = JSONObjectUtils.toJSONString(jwk);

        assertEquals("the JWK declares \"use\": \"enc\"; a signing key needs \"sig\"",
                assertThrows(IllegalArgumentException.class, () -> SigningKey.fromPrivateJwk(enc)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SigningKey.fromPrivateJwk(es384))
                .getMessage().startsWith("the JWK declares \"alg\": \"ES384\""));
    }

    @Test
    void fromPrivateJwkWhenPublicMembersBelongToAnotherKeyThenRefused() throws Exception {
        Map<String, Object> jwk = JSONObjectUtils.parse(SigningKey.generate(SigningAlgorithm.ES256).toPrivateJwkJson());
        Map<String, Object> other = SigningKey.generate(SigningAlgorithm.ES256).verificationKey().toPublicJwk();
        jwk.put("x", other.get("x"));
        jwk.put("y", other.get("y"));
        String mismatched = JSONObjectUtils.toJSONString(jwk);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.fromPrivateJwk(mismatched, SigningAlgorithm.ES256));

        assertEquals("the JWK holds a private key that does not match its public key", e.getMessage());
        assertFalse(e.getMessage().contains((String) jwk.get("d")));
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void toPrivateJwkJsonWhenImportedAgainThenTheSameKeySigns(SigningAlgorithm algorithm) throws Exception {
        SigningKey original = SigningKey.generate(algorithm);
        JoseSigningKeys originalKeys = new JoseSigningKeys(KeyRing.of(original));

        SigningKey restored = SigningKey.fromPrivateJwk(original.toPrivateJwkJson());

        assertEquals(algorithm, restored.algorithm());
        assertEquals(original.kid(), restored.kid());
        assertEquals(original.toPrivateJwkJson(), restored.toPrivateJwkJson());
        String token = new JoseSigningKeys(KeyRing.of(restored)).sign(fullClaims());
        assertEquals(Optional.of(fullClaims()), originalKeys.verify(token));
    }

    @Test
    void toPrivateJwkJsonWhenEcThenHoldsThePrivateScalarAndTheKid() throws Exception {
        SigningKey key = SigningKey.generate(SigningAlgorithm.ES256);

        Map<String, Object> jwk = JSONObjectUtils.parse(key.toPrivateJwkJson());

        assertEquals(32, new Base64URL((String) jwk.get("d")).decode().length);
        assertEquals(key.kid(), jwk.get("kid"));
        assertEquals("ES256", jwk.get("alg"));
        assertEquals("sig", jwk.get("use"));
    }

    @Test
    void fromPrivateJwkWhenItCarriesItsOwnKidThenTheKidIsTheThumbprint() throws Exception {
        SigningKey original = SigningKey.generate(SigningAlgorithm.ES256);
        Map<String, Object> jwk = JSONObjectUtils.parse(original.toPrivateJwkJson());
        jwk.put("kid", "my-key-2024");
        jwk.remove("alg");
        jwk.remove("use");

        SigningKey imported = SigningKey.fromPrivateJwk(JSONObjectUtils.toJSONString(jwk), SigningAlgorithm.ES256);

        assertEquals(original.kid(), imported.kid());
    }

    @Test
    void toStringWhenCalledThenHoldsNoKeyMaterial() throws Exception {
        SigningKey key = SigningKey.generate(SigningAlgorithm.ES256);
        String d = (String) JSONObjectUtils.parse(key.toPrivateJwkJson()).get("d");

        assertEquals("SigningKey[ES256, kid=" + key.kid() + "]", key.toString());
        assertFalse(KeyRing.of(key).toString().contains(d));
    }

    @Test
    void fromNameWhenSupportedThenAlgorithmElseRefused() {
        assertEquals(SigningAlgorithm.ES256, SigningAlgorithm.fromName("es256"));
        assertEquals(SigningAlgorithm.RS256, SigningAlgorithm.fromName("RS256"));
        assertEquals("signing algorithm 'HS256' is not supported; use ES256 or RS256",
                assertThrows(IllegalArgumentException.class, () -> SigningAlgorithm.fromName("HS256")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SigningAlgorithm.fromName(null));
    }

    private static void assertSignsVerifiableTokens(SigningKey key) {
        JoseSigningKeys keys = new JoseSigningKeys(KeyRing.of(key));
        assertEquals(Optional.of(fullClaims()), keys.verify(keys.sign(fullClaims())));
    }

    private static void assertHoldsNoKeyMaterial(IllegalArgumentException e, String pem) {
        for (String line : pem.split("\n")) {
            if (!line.startsWith("-----") && line.length() > 8) {
                assertFalse(e.getMessage().contains(line), "message holds a line of the PEM");
            }
        }
        assertTrue(e.getCause() == null, "no cause whose message might hold key material");
    }

    private static KeyPair ecKeyPair(String curve, java.security.Provider provider) throws GeneralSecurityException {
        KeyPairGenerator generator = provider == null
                ? KeyPairGenerator.getInstance("EC")
                : KeyPairGenerator.getInstance("EC", provider);
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static String ecThumbprint(KeyPair pair) throws Exception {
        return new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).build().computeThumbprint().toString();
    }

    private static String rsaThumbprint(KeyPair pair) throws Exception {
        return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).build().computeThumbprint().toString();
    }

    /** SEC1 (RFC 5915) as OpenSSL writes it: the curve named inside, the public point optional. */
    private static String sec1Pem(KeyPair pair, boolean withPublicPoint) throws IOException {
        java.security.interfaces.ECPrivateKey privateKey = (java.security.interfaces.ECPrivateKey) pair.getPrivate();
        DERBitString publicPoint = withPublicPoint
                ? new DERBitString(SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()).getPublicKeyData().getOctets())
                : null;
        org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
                256, privateKey.getS(), publicPoint, SECObjectIdentifiers.secp256r1);
        return pem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
