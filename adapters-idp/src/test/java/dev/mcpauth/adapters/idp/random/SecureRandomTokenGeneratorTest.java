package dev.mcpauth.adapters.idp.random;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecureRandomTokenGeneratorTest {
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int COUNT = 5_000;

    private final SecureRandomTokenGenerator generator = new SecureRandomTokenGenerator();

    @Test
    void newSecretWhenCalledThen43Base64UrlCharactersOf32Bytes() {
        String secret = generator.newSecret();

        assertEquals(43, secret.length());
        assertTrue(BASE64URL.matcher(secret).matches(), secret);
        assertEquals(32, Base64.getUrlDecoder().decode(secret).length);
    }

    @Test
    void newIdWhenCalledThen22Base64UrlCharactersOf16Bytes() {
        String id = generator.newId();

        assertEquals(22, id.length());
        assertTrue(BASE64URL.matcher(id).matches(), id);
        assertEquals(16, Base64.getUrlDecoder().decode(id).length);
    }

    @Test
    void newSecretWhenCalledThousandsOfTimesThenAllDistinctAndWellFormed() {
        assertAllDistinctAndWellFormed(generator::newSecret, 43);
    }

    @Test
    void newIdWhenCalledThousandsOfTimesThenAllDistinctAndWellFormed() {
        assertAllDistinctAndWellFormed(generator::newId, 22);
    }

    @Test
    void newIdWhenCalledThousandsOfTimesThenEveryBase64UrlCharacterAppears() {
        // 5000 ids of 22 characters: a generator stuck on part of the alphabet would miss some
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < COUNT; i++) {
            for (char c : generator.newId().toCharArray()) {
                seen.add(c);
            }
        }

        assertEquals(64, seen.size());
    }

    private static void assertAllDistinctAndWellFormed(Supplier<String> next, int length) {
        Set<String> values = new HashSet<>();
        for (int i = 0; i < COUNT; i++) {
            String value = next.get();
            assertEquals(length, value.length());
            assertTrue(BASE64URL.matcher(value).matches(), value);
            values.add(value);
        }
        assertEquals(COUNT, values.size());
    }
}
