package dev.mcpauth.adapters.idp.password;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BouncyCastlePasswordHasherTest {
    /** The PHC string format with the parameters mcpauth hashes with: 16-byte salt, 32-byte hash, no padding. */
    private static final Pattern PHC_ARGON2ID = Pattern.compile(
            "^\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}$");

    private final BouncyCastlePasswordHasher hasher = new BouncyCastlePasswordHasher();

    @Test
    void hashWhenCalledThenPhcStringWithTheOwaspParameters() {
        String hash = hasher.hash("correct horse battery staple".toCharArray());

        assertTrue(PHC_ARGON2ID.matcher(hash).matches(), hash);
    }

    @Test
    void verifyWhenSamePasswordThenTrue() {
        String hash = hasher.hash("correct horse battery staple".toCharArray());

        assertTrue(hasher.verify("correct horse battery staple".toCharArray(), hash));
    }

    @Test
    void verifyWhenWrongPasswordThenFalse() {
        String hash = hasher.hash("correct horse battery staple".toCharArray());

        assertFalse(hasher.verify("correct horse battery stapler".toCharArray(), hash));
        assertFalse(hasher.verify(new char[0], hash));
    }

    @Test
    void verifyWhenPasswordIsNotAsciiThenRoundTrips() {
        char[] password = "pässwörd-密码-🔑".toCharArray();

        assertTrue(hasher.verify(password, hasher.hash(password)));
        assertFalse(hasher.verify("passwort-密码-🔑".toCharArray(), hasher.hash(password)));
    }

    @Test
    void hashWhenCalledTwiceThenSaltsDiffer() {
        char[] password = "same".toCharArray();

        assertNotEquals(hasher.hash(password), hasher.hash(password));
    }

    /** From the Argon2 reference implementation's test suite (P-H-C/phc-winner-argon2, src/test.c). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "password|$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "password|$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc",
        "password|$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "password|$argon2i$v=19$m=256,t=2,p=2$c29tZXNhbHQ$T/XOJ2mh1/TIpJHfCdQan76Q5esCFVoT5MAeIM1Oq2E",
        "password|$argon2i$m=256,t=2,p=1$c29tZXNhbHQ$/U3YPXYsSb3q9XxHvc0MLxur+GP960kN9j7emXX8zwY",
        "password|$argon2i$v=19$m=65536,t=2,p=1$ZGlmZnNhbHQ$sDV8zPvvkfOGCw26RHsjSMvv7K2vmQq/6cxAcmxSEnE",
        "''|$argon2d$v=16$m=8,t=1,p=1$ICAgICAgICA$X54KZYxUSfMUihzebb70sKbheabHilo8gsUldrVU4IU"
    })
    void verifyWhenReferenceVectorThenTrue(String password, String hash) {
        assertTrue(hasher.verify(password.toCharArray(), hash));
    }

    @Test
    void verifyWhenReferenceVectorOfAnotherPasswordThenFalse() {
        String hashOfPassword = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

        assertFalse(hasher.verify("differentpassword".toCharArray(), hashOfPassword));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2a", "2b", "2y"})
    void verifyWhenBcryptFromOpenBsdBcryptThenTrueForItsPasswordOnly(String version) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        String hash = OpenBSDBCrypt.generate(version, "hunter2".toCharArray(), salt, 6);

        assertTrue(hasher.verify("hunter2".toCharArray(), hash));
        assertFalse(hasher.verify("hunter3".toCharArray(), hash));
    }

    /** The OpenBSD bcrypt vectors (as shipped with jBCrypt). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "abc|$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
        "a|$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe",
        "abcdefghijklmnopqrstuvwxyz|$2a$06$.rCVZVOThsIa97pEDOxvGuRRgzG64bvtJ0938xuqzv18d3ZpQhstC"
    })
    void verifyWhenKnownBcryptVectorThenTrue(String password, String hash) {
        assertTrue(hasher.verify(password.toCharArray(), hash));
        assertFalse(hasher.verify((password + "x").toCharArray(), hash));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "password",
        "$argon2id$",
        "$argon2id$v=19$m=19456,t=2,p=1$$",
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ",
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$",
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$!!!!",
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$A",
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ=$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=20$m=19456,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=2097152,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=19456,t=11,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=19456,t=0,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=19456,t=2,p=0$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=15,t=2,p=2$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=99999999999,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$t=2,m=19456,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=19456,t=2,p=1,keyid=AAAA$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$Q1Q",
        "$argon2ds$v=16$m=8,t=1,p=2$ICAgICAgICA$+6+yBnWbuV7mLs6rKMhvi+SLbkzb5CB6Jd2pSWuC/Kw",
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc ",
        "$2a$",
        "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0",
        "$2x$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
        "$2a$03$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
        "$2a$31$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
        "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0!",
        "$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E",
        "{bcrypt}$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
        "5f4dcc3b5aa765d61d8327deb882cf99"
    })
    void verifyWhenHashIsMalformedOrUnsupportedThenFalse(String hash) {
        assertFalse(hasher.verify("password".toCharArray(), hash));
        assertFalse(hasher.verify("abc".toCharArray(), hash));
    }

    @Test
    void verifyWhenNullsThenFalse() {
        assertFalse(hasher.verify(null, "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"));
        assertFalse(hasher.verify("password".toCharArray(), null));
    }

    @Test
    void verifyAgainstDummyWhenCalledThenRunsAFullVerificationWithTheDefaultParameters() {
        // the dummy is a real hash with the default parameters, so verifying against it costs a real verification
        assertTrue(PHC_ARGON2ID.matcher(BouncyCastlePasswordHasher.DUMMY_HASH).matches());
        assertTrue(hasher.verify("unknown-user-dummy-password".toCharArray(), BouncyCastlePasswordHasher.DUMMY_HASH));

        assertDoesNotThrow(() -> hasher.verifyAgainstDummy("anything".toCharArray()));
        assertDoesNotThrow(() -> hasher.verifyAgainstDummy(null));
    }
}
