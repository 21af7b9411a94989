package dev.mcpauth.adapters.storage.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A Lua script with its SHA-1, so that it is sent by digest (EVALSHA) and in full only when a server does not have it
 * cached yet. Every script takes exactly one key, so it runs on one Cluster slot.
 */
final class RedisScript {
    private final String name;
    private final String source;
    private final String sha1;

    RedisScript(String name, String source) {
        this.name = Objects.requireNonNull(name, "name");
        this.source = Objects.requireNonNull(source, "source");
        this.sha1 = sha1(source);
    }

    String name() {
        return name;
    }

    String source() {
        return source;
    }

    String sha1() {
        return sha1;
    }

    private static String sha1(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "RedisScript[" + name + "]";
    }
}
