package dev.mcpauth.application.fakes;

import dev.mcpauth.application.port.out.PasswordHasher;

import java.util.concurrent.atomic.AtomicInteger;

/** "Hashes" as {@code plain:<password>} and counts its calls, so tests can see what was verified. */
public final class FakePasswordHasher implements PasswordHasher {
    public static final String PREFIX = "plain:";

    private final AtomicInteger verifications = new AtomicInteger();
    private final AtomicInteger dummyVerifications = new AtomicInteger();

    @Override
    public String hash(char[] password) {
        return PREFIX + new String(password);
    }

    @Override
    public boolean verify(char[] password, String hash) {
        verifications.incrementAndGet();
        return hash.startsWith(PREFIX) && hash.substring(PREFIX.length()).equals(new String(password));
    }

    @Override
    public void verifyAgainstDummy(char[] password) {
        dummyVerifications.incrementAndGet();
    }

    public int verifications() {
        return verifications.get();
    }

    public int dummyVerifications() {
        return dummyVerifications.get();
    }
}
