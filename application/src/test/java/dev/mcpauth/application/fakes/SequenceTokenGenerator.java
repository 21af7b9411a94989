package dev.mcpauth.application.fakes;

import dev.mcpauth.application.port.out.TokenGenerator;

import java.util.concurrent.atomic.AtomicLong;

/** Predictable, distinct values of the right length and alphabet: {@code secret-1-000…} and {@code id-1-000…}. */
public final class SequenceTokenGenerator implements TokenGenerator {
    private final AtomicLong secrets = new AtomicLong();
    private final AtomicLong ids = new AtomicLong();

    @Override
    public String newSecret() {
        return pad("secret-" + secrets.incrementAndGet() + "-", 43);
    }

    @Override
    public String newId() {
        return pad("id-" + ids.incrementAndGet() + "-", 22);
    }

    private static String pad(String prefix, int length) {
        return (prefix + "0".repeat(length)).substring(0, length);
    }
}
