package dev.mcpauth.adapters.idp.jose;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.spec.ECParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

/**
 * Reading and checking key material: PEM and JWK (RFC 7517) in, canonical JWKs with an RFC 7638 thumbprint
 * {@code kid} out. Error messages name where the key came from and what is wrong, and never include key material
 * or the messages of parsers (which might).
 */
final class KeyMaterial {
    private static final long MAX_KEY_FILE_BYTES = 1 << 20;
    private static final int MIN_RSA_BITS = 2048;

    private KeyMaterial() {
    }

    /** Where a key came from, to name it in error messages. */
    record Source(String subject, String algorithmSetting) {
        static Source file(String configPrefix, Path path) {
            return new Source(configPrefix + ".key-file " + path, configPrefix + ".algorithm");
        }

        static Source jwk() {
            return new Source("the JWK", "the expected algorithm");
        }

        static Source generated(SigningAlgorithm algorithm) {
            return new Source("the generated " + algorithm + " key", "the algorithm");
        }

        IllegalArgumentException problem(String what) {
            return new IllegalArgumentException(subject + " " + what);
        }
    }

    static JWK readKeyFile(Path path, Source source) {
        String text;
        try {
            if (!Files.isRegularFile(path)) {
                throw source.problem("does not exist or is not a regular file");
            }
            if (Files.size(path) > MAX_KEY_FILE_BYTES) {
                throw source.problem("is too large to be a key file");
            }
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(path)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw source.problem("is not text; expected a PEM private key or a JWK (binary DER is not supported)");
        } catch (IOException e) {
            throw source.problem("cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        String trimmed = text.replace("\uFEFF", "").strip();
        if (trimmed.startsWith("{")) {
            return parseJwk(trimmed, source);
        }
        if (trimmed.contains("-----BEGIN ")) {
            return fromPem(trimmed, source);
        }
        throw source.problem("holds neither a PEM private key nor a JWK");
    }

    /** Parses a JWK, or a JWK set holding exactly one key. */
    static JWK parseJwk(String json, Source source) {
        if (json == null || json.isBlank()) {
            throw source.problem("is empty");
        }
        Map<String, Object> object;
        try {
            object = JSONObjectUtils.parse(json);
        } catch (ParseException | RuntimeException e) {
            throw source.problem("is not valid JSON");
        }
        Object keys = object.get("keys");
        if (keys != null) {
            if (!(keys instanceof List) || ((List<?>) keys).size() != 1 || !(((List<?>) keys).get(0) instanceof Map)) {
                throw source.problem("holds a JWK set that is not exactly one key; keep only the signing key");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> only = (Map<String, Object>) ((List<?>) keys).get(0);
            object = only;
        }
        try {
            return JWK.parse(object);
        } catch (ParseException | RuntimeException e) {
            throw source.problem("is not a valid JWK (RFC 7517)");
        }
    }

    /**
     * Checks that the key can sign with {@code expected} (or, when null, with the algorithm its type implies) and
     * returns that algorithm.
     */
    static SigningAlgorithm checkType(JWK jwk, SigningAlgorithm expected, Source source) {
        KeyType type = jwk.getKeyType();
        SigningAlgorithm byType;
        if (KeyType.EC.equals(type)) {
            byType = SigningAlgorithm.ES256;
        } else if (KeyType.RSA.equals(type)) {
            byType = SigningAlgorithm.RS256;
        } else if (KeyType.OCT.equals(type)) {
            throw source.problem("holds a symmetric (oct) key; HS* is refused, use an EC P-256 key (ES256) or an RSA key (RS256)");
        } else {
            throw source.problem("holds " + article(type.getValue()) + " key; use an EC P-256 key (ES256) or an RSA key (RS256)");
        }
        if (expected != null && expected != byType) {
            throw source.problem("holds " + article(byType.keyType()) + " key but " + source.algorithmSetting()
                    + " is " + expected);
        }
        KeyUse use = jwk.getKeyUse();
        if (use != null && !KeyUse.SIGNATURE.equals(use)) {
            throw source.problem("declares \"use\": \"" + use.identifier() + "\"; a signing key needs \"sig\"");
        }
        Algorithm declared = jwk.getAlgorithm();
        if (declared != null && !byType.name().equals(declared.getName())) {
            throw source.problem("declares \"alg\": \"" + declared.getName() + "\" but holds "
                    + article(byType.keyType()) + " key, which mcpauth uses with " + byType);
        }
        if (jwk instanceof ECKey && !Curve.P_256.equals(((ECKey) jwk).getCurve())) {
            throw source.problem("holds an EC " + ((ECKey) jwk).getCurve().getName() + " key; ES256 needs P-256");
        }
        if (jwk instanceof RSAKey && ((RSAKey) jwk).size() < MIN_RSA_BITS) {
            throw source.problem("holds a " + ((RSAKey) jwk).size() + "-bit RSA key; RS256 needs "
                    + MIN_RSA_BITS + " bits or more");
        }
        return byType;
    }

    /**
     * A fresh JWK with only the key's own members (public, plus private when present), {@code use: sig}, {@code alg}
     * and {@code kid} set to the RFC 7638 SHA-256 thumbprint; anything else the input carried is dropped.
     */
    static JWK canonical(JWK jwk, SigningAlgorithm algorithm, Source source) {
        try {
            if (jwk instanceof ECKey) {
                ECKey ec = (ECKey) jwk;
                ECKey.Builder builder = new ECKey.Builder(ec.getCurve(), ec.getX(), ec.getY());
                if (ec.isPrivate()) {
                    builder.d(ec.getD());
                }
                return builder.keyUse(KeyUse.SIGNATURE)
                        .algorithm(algorithm.jwsAlgorithm())
                        .keyIDFromThumbprint()
                        .build();
            }
            RSAKey rsa = (RSAKey) jwk;
            RSAKey.Builder builder = new RSAKey.Builder(rsa.getModulus(), rsa.getPublicExponent());
            if (rsa.isPrivate()) {
                builder.privateExponent(rsa.getPrivateExponent())
                        .firstPrimeFactor(rsa.getFirstPrimeFactor())
                        .secondPrimeFactor(rsa.getSecondPrimeFactor())
                        .firstFactorCRTExponent(rsa.getFirstFactorCRTExponent())
                        .secondFactorCRTExponent(rsa.getSecondFactorCRTExponent())
                        .firstCRTCoefficient(rsa.getFirstCRTCoefficient())
                        .otherPrimes(rsa.getOtherPrimes());
            }
            return builder.keyUse(KeyUse.SIGNATURE)
                    .algorithm(algorithm.jwsAlgorithm())
                    .keyIDFromThumbprint()
                    .build();
        } catch (JOSEException | RuntimeException e) {
            throw source.problem("is not a valid " + algorithm.keyType() + " key");
        }
    }

    private static JWK fromPem(String text, Source source) {
        PrivateKeyInfo info = readPrivateKeyInfo(text, source);
        ASN1ObjectIdentifier type = info.getPrivateKeyAlgorithm().getAlgorithm();
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(type)) {
            return ecFromPem(info, source);
        }
        if (PKCSObjectIdentifiers.rsaEncryption.equals(type)) {
            return rsaFromPem(info, source);
        }
        throw source.problem("holds " + describe(type) + "; use an EC P-256 key (ES256) or an RSA key (RS256)");
    }

    private static PrivateKeyInfo readPrivateKeyInfo(String text, Source source) {
        Object found = null;
        ASN1Encodable ecParameters = null;
        boolean sawPublicPart = false;
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof PEMKeyPair || object instanceof PrivateKeyInfo
                        || object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
                    found = found == null ? object : found;
                } else if (object instanceof ASN1ObjectIdentifier || object instanceof X9ECParameters) {
                    ecParameters = (ASN1Encodable) object;
                } else if (object instanceof SubjectPublicKeyInfo || object instanceof X509CertificateHolder) {
                    sawPublicPart = true;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw source.problem("is not a readable PEM file");
        }
        if (found instanceof PEMKeyPair) {
            return withCurve(((PEMKeyPair) found).getPrivateKeyInfo(), ecParameters, source);
        }
        if (found instanceof PrivateKeyInfo) {
            return withCurve((PrivateKeyInfo) found, ecParameters, source);
        }
        if (found != null) {
            throw source.problem("holds an encrypted private key; store it unencrypted "
                    + "(openssl pkey -in encrypted.pem -out key.pem) and restrict the file's permissions");
        }
        throw source.problem(sawPublicPart
                ? "holds a public key or certificate but no private key"
                : "holds no PEM private key (PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)");
    }

    /** An "EC PRIVATE KEY" may leave its curve to a separate "EC PARAMETERS" block (RFC 5915 §3). */
    private static PrivateKeyInfo withCurve(PrivateKeyInfo info, ASN1Encodable ecParameters, Source source) {
        AlgorithmIdentifier algorithm = info.getPrivateKeyAlgorithm();
        ASN1Encodable parameters = algorithm.getParameters();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
                || parameters != null && !(parameters instanceof ASN1Null)) {
            return info;
        }
        if (ecParameters == null) {
            throw source.problem("holds an EC private key that does not name its curve");
        }
        try {
            return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, ecParameters),
                    info.parsePrivateKey());
        } catch (IOException e) {
            throw source.problem("holds an EC private key that cannot be read");
        }
    }

    private static JWK ecFromPem(PrivateKeyInfo info, Source source) {
        try {
            PrivateKey privateKey = new JcaPEMKeyConverter().setProvider(BouncyCastle.PROVIDER).getPrivateKey(info);
            org.bouncycastle.jce.interfaces.ECPrivateKey bcKey = (org.bouncycastle.jce.interfaces.ECPrivateKey) privateKey;
            ECParameterSpec parameters = bcKey.getParameters();
            if (parameters == null) {
                throw source.problem("holds an EC key without curve parameters");
            }
            // PKCS#8 and SEC1 may leave the public point out: derive it, Q = d·G
            ECPoint q = parameters.getG().multiply(bcKey.getD()).normalize();
            ECPublicKey publicKey = (ECPublicKey) KeyFactory.getInstance("EC", BouncyCastle.PROVIDER)
                    .generatePublic(new ECPublicKeySpec(q, parameters));
            Curve curve = Curve.forECParameterSpec(publicKey.getParams());
            if (curve == null) {
                throw source.problem("holds an EC key on an unsupported curve; ES256 needs P-256");
            }
            return new ECKey.Builder(curve, publicKey)
                    .privateKey((java.security.interfaces.ECPrivateKey) privateKey)
                    .build();
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw source.problem("holds an EC private key that cannot be read");
        }
    }

    private static JWK rsaFromPem(PrivateKeyInfo info, Source source) {
        try {
            PrivateKey privateKey = new JcaPEMKeyConverter().getPrivateKey(info);
            if (!(privateKey instanceof RSAPrivateCrtKey)) {
                throw source.problem("holds an RSA private key without its CRT parameters");
            }
            RSAPrivateCrtKey crtKey = (RSAPrivateCrtKey) privateKey;
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crtKey.getModulus(), crtKey.getPublicExponent()));
            return new RSAKey.Builder(publicKey).privateKey(crtKey).build();
        } catch (IOException | GeneralSecurityException e) {
            throw source.problem("holds an RSA private key that cannot be read");
        }
    }

    private static String describe(ASN1ObjectIdentifier type) {
        if (EdECObjectIdentifiers.id_Ed25519.equals(type)) {
            return "an Ed25519 key";
        }
        if (EdECObjectIdentifiers.id_Ed448.equals(type)) {
            return "an Ed448 key";
        }
        if (EdECObjectIdentifiers.id_X25519.equals(type) || EdECObjectIdentifiers.id_X448.equals(type)) {
            return "an X25519/X448 key-agreement key";
        }
        if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(type)) {
            return "an RSA-PSS key";
        }
        if (X9ObjectIdentifiers.id_dsa.equals(type)) {
            return "a DSA key";
        }
        return "a key of an unsupported type (" + type.getId() + ")";
    }

    private static String article(String keyType) {
        return ("EC".equals(keyType) || "RSA".equals(keyType) || "OKP".equals(keyType) ? "an " : "a ") + keyType;
    }
}
