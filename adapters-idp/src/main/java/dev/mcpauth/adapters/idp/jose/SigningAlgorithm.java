package dev.mcpauth.adapters.idp.jose;

import com.nimbusds.jose.JWSAlgorithm;

import java.util.Locale;

/** The JWS algorithms mcpauth signs its tokens with (RFC 7518 §3.1): ECDSA P-256 or RSASSA-PKCS1-v1_5; never HS* or none. */
public enum SigningAlgorithm {
    /** ECDSA with P-256 and SHA-256 (RFC 7518 §3.4). */
    ES256(JWSAlgorithm.ES256, "EC"),
    /** RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3), keys of 2048 bits or more. */
    RS256(JWSAlgorithm.RS256, "RSA");

    private final JWSAlgorithm jwsAlgorithm;
    private final String keyType;

    SigningAlgorithm(JWSAlgorithm jwsAlgorithm, String keyType) {
        this.jwsAlgorithm = jwsAlgorithm;
        this.keyType = keyType;
    }

    /**
     * Reads a configured algorithm name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the supported algorithms when {@code name} is not one of them
     */
    public static SigningAlgorithm fromName(String name) {
        if (name != null) {
            String normalized = name.trim().toUpperCase(Locale.ROOT);
            for (SigningAlgorithm algorithm : values()) {
                if (algorithm.name().equals(normalized)) {
                    return algorithm;
                }
            }
        }
        throw new IllegalArgumentException("signing algorithm '" + name + "' is not supported; use ES256 or RS256");
    }

    JWSAlgorithm jwsAlgorithm() {
        return jwsAlgorithm;
    }

    /** The JWK {@code kty} of this algorithm's keys (RFC 7518 §6.1). */
    String keyType() {
        return keyType;
    }
}
