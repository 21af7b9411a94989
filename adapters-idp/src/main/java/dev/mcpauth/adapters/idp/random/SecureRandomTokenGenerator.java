package dev.mcpauth.adapters.idp.random;

import dev.mcpauth.application.port.out.TokenGenerator;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable values from one shared {@link SecureRandom}, base64url without padding (RFC 4648 §5). */
public final class SecureRandomTokenGenerator implements TokenGenerator {
    private static final int SECRET_BYTES = 32;
    private static final int ID_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    // the platform default (NativePRNG or DRBG): thread-safe and non-blocking once seeded
    private final SecureRandom random;

    public SecureRandomTokenGenerator() {
        this(new SecureRandom());
    }

    public SecureRandomTokenGenerator(SecureRandom random) {
        this.random = random;
    }

    @Override
    public String newSecret() {
        return next(SECRET_BYTES);
    }

    @Override
    public String newId() {
        return next(ID_BYTES);
    }

    private String next(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return ENCODER.encodeToString(value);
    }
}
