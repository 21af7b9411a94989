package dev.mcpauth.adapters.storage.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The shared connection to the shared test server, and a fresh key prefix per store so tests never see each other. */
final class TestRedis {
    /** Short enough that a hung call fails a test quickly, long enough for a loaded CI machine. */
    static final RedisStorage.Settings SETTINGS = RedisStorage.Settings.defaults()
            .withCommandTimeout(Duration.ofSeconds(2))
            .withMaxReconnectDelay(Duration.ofMillis(500));

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisGateway shared;

    private TestRedis() {
    }

    static synchronized RedisGateway gateway() {
        if (shared == null) {
            RedisServerProcess server = RedisServerProcess.shared();
            shared = connect(server);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "close test Redis connection"));
        }
        return shared;
    }

    /** A connection of its own, as a second instance would have; the caller closes it. */
    static RedisGateway connect(RedisServerProcess server) {
        return RedisGateway.standalone(server.uri(), SETTINGS);
    }

    static RedisKeys freshKeys() {
        return new RedisKeys("mcpauth-test-" + PREFIXES.incrementAndGet() + ":");
    }
}
