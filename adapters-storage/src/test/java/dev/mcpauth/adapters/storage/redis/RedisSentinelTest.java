package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.adapters.storage.contract.MutableClock;
import dev.mcpauth.domain.grant.GrantId;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.mcpauth.adapters.storage.contract.TestGrants.grant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stores on the master a Sentinel names, reached through a {@code redis-sentinel://} URI. */
class RedisSentinelTest {
    private static RedisServerProcess sentinel;

    @BeforeAll
    static void startSentinel() {
        sentinel = RedisServerProcess.startSentinel("mymaster", RedisServerProcess.shared());
    }

    @AfterAll
    static void stopSentinel() {
        sentinel.stop();
    }

    @Test
    void connectWhenSentinelUriThenTheStoresUseTheMasterItNames() {
        MutableClock clock = new MutableClock();
        String prefix = TestRedis.freshKeys().prefix();
        RedisURI uri = RedisURI.create("redis-sentinel://127.0.0.1:" + sentinel.port() + "#mymaster");

        try (RedisStorage storage = RedisStorage.connect(uri, TestRedis.SETTINGS.withKeyPrefix(prefix), clock)) {
            storage.ping();
            assertTrue(storage.grants().create(grant().build(), clock.instant().plus(Duration.ofHours(1))));
        }

        // Written to the master itself, where a direct connection finds it.
        RedisStorage direct = new RedisStorage(TestRedis.gateway(), new RedisKeys(prefix), clock);
        assertEquals("alice", direct.grants().find(new GrantId("grant-1")).orElseThrow().subject());
    }
}
