package dev.mcpauth.adapters.idp.password;

import dev.mcpauth.application.port.out.PasswordHasher;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hashes passwords with Argon2id (RFC 9106) in the PHC string format, and verifies Argon2id, Argon2i, Argon2d and
 * bcrypt hashes made elsewhere (for example by {@code argon2}, {@code htpasswd -B} or Spring Security).
 */
public final class BouncyCastlePasswordHasher implements PasswordHasher {
    /** OWASP Password Storage Cheat Sheet: Argon2id with 19 MiB, 2 iterations, 1 lane. */
    public static final int MEMORY_KIB = 19_456;
    public static final int ITERATIONS = 2;
    public static final int PARALLELISM = 1;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    // hashes come from configuration and storage, but a typo must not take 100 GiB or an hour per login
    private static final long MAX_MEMORY_KIB = 1L << 20;
    private static final long MAX_ITERATIONS = 10;
    private static final long MAX_PARALLELISM = 64;
    private static final int MIN_SALT_BYTES = 8;
    private static final int MIN_HASH_BYTES = 4;
    private static final int MAX_SALT_OR_HASH_BYTES = 1024;
    private static final int MAX_BCRYPT_COST = 16;

    /** PHC string format: {@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}; {@code v=} absent means version 0x10. */
    private static final Pattern ARGON2 = Pattern.compile(
            "\\$(argon2id|argon2i|argon2d)\\$(?:v=(\\d{1,3})\\$)?m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,10})"
                    + "\\$([A-Za-z0-9+/]{1,1400})\\$([A-Za-z0-9+/]{1,1400})");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    /**
     * The hash of "unknown-user-dummy-password" with the default parameters: verifying against it costs what a real
     * verification costs. Its password is no secret; the result is always discarded.
     */
    static final String DUMMY_HASH =
            "$argon2id$v=19$m=19456,t=2,p=1$bWNwYXV0aC1kdW1teS1zYQ$nn0ygpifTL4gZ/6ELuN8yZxH8a6qMDlV8V/+8Mq9wjw";

    private final SecureRandom random;

    public BouncyCastlePasswordHasher() {
        this(new SecureRandom());
    }

    public BouncyCastlePasswordHasher(SecureRandom random) {
        this.random = Objects.requireNonNull(random);
    }

    /** Argon2id with the OWASP parameters, a 16-byte random salt and a 32-byte hash, as a PHC string. */
    @Override
    public String hash(char[] password) {
        Objects.requireNonNull(password);
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(Argon2Parameters.ARGON2_id, Argon2Parameters.ARGON2_VERSION_13,
                MEMORY_KIB, ITERATIONS, PARALLELISM, salt, password, HASH_BYTES);
        try {
            return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM
                    + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
        } finally {
            Arrays.fill(hash, (byte) 0);
        }
    }

    @Override
    public boolean verify(char[] password, String hash) {
        if (password == null || hash == null) {
            return false;
        }
        try {
            if (hash.startsWith("$argon2")) {
                return verifyArgon2(password, hash);
            }
            if (hash.startsWith("$2")) {
                return verifyBcrypt(password, hash);
            }
            return false;
        } catch (RuntimeException e) {
            // a malformed hash is a failed verification, never an error
            return false;
        }
    }

    @Override
    public void verifyAgainstDummy(char[] password) {
        verify(password == null ? new char[0] : password, DUMMY_HASH);
    }

    private static boolean verifyArgon2(char[] password, String hash) {
        Matcher phc = ARGON2.matcher(hash);
        if (!phc.matches()) {
            return false;
        }
        int type;
        switch (phc.group(1)) {
            case "argon2id":
                type = Argon2Parameters.ARGON2_id;
                break;
            case "argon2i":
                type = Argon2Parameters.ARGON2_i;
                break;
            default:
                type = Argon2Parameters.ARGON2_d;
                break;
        }
        int version;
        String v = phc.group(2);
        if (v == null || v.equals("16")) {
            version = Argon2Parameters.ARGON2_VERSION_10;
        } else if (v.equals("19")) {
            version = Argon2Parameters.ARGON2_VERSION_13;
        } else {
            return false;
        }
        long memory = Long.parseLong(phc.group(3));
        long iterations = Long.parseLong(phc.group(4));
        long parallelism = Long.parseLong(phc.group(5));
        // RFC 9106 §3.1: p >= 1, t >= 1, m >= 8p; and the caps above
        if (parallelism < 1 || parallelism > MAX_PARALLELISM || iterations < 1 || iterations > MAX_ITERATIONS
                || memory < 8 * parallelism || memory > MAX_MEMORY_KIB) {
            return false;
        }
        byte[] salt = DECODER.decode(phc.group(6));
        byte[] expected = DECODER.decode(phc.group(7));
        if (salt.length < MIN_SALT_BYTES || salt.length > MAX_SALT_OR_HASH_BYTES
                || expected.length < MIN_HASH_BYTES || expected.length > MAX_SALT_OR_HASH_BYTES) {
            return false;
        }
        byte[] actual = argon2(type, version, (int) memory, (int) iterations, (int) parallelism, salt, password,
                expected.length);
        try {
            return MessageDigest.isEqual(actual, expected);
        } finally {
            Arrays.fill(actual, (byte) 0);
        }
    }

    private static boolean verifyBcrypt(char[] password, String hash) {
        Matcher bcrypt = BCRYPT.matcher(hash);
        if (!bcrypt.matches()) {
            return false;
        }
        int cost = Integer.parseInt(bcrypt.group(1));
        if (cost < 4 || cost > MAX_BCRYPT_COST) {
            return false;
        }
        // compares every character whatever the first difference
        return OpenBSDBCrypt.checkPassword(hash, password);
    }

    private static byte[] argon2(int type, int version, int memoryKib, int iterations, int parallelism, byte[] salt,
                                 char[] password, int hashBytes) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(type)
                .withVersion(version)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[hashBytes];
        // the password is taken as UTF-8, as the reference implementation's command line does
        generator.generateBytes(password, out);
        return out;
    }
}
