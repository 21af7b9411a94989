package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.adapters.storage.contract.MutableClock;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.application.port.out.StorageUnavailableException;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.consent.Consent;
import dev.mcpauth.domain.grant.GrantId;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.session.SessionId;
import dev.mcpauth.domain.token.TokenHash;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.mcpauth.adapters.storage.contract.TestAuthorizationCodes.code;
import static dev.mcpauth.adapters.storage.contract.TestClients.dynamicClient;
import static dev.mcpauth.adapters.storage.contract.TestGrants.grant;
import static dev.mcpauth.adapters.storage.contract.TestPendingAuthorizations.pending;
import static dev.mcpauth.adapters.storage.contract.TestSessions.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Redis going away and coming back: every store call fails fast with {@link StorageUnavailableException} (no queueing,
 * no hang), and the same store objects work again once Redis is back. Runs its own redis-server, which it stops.
 */
class RedisOutageTest {
    /** Well above what a failing call takes (milliseconds), well below anything that would look like a hang. */
    private static final Duration FAIL_FAST = Duration.ofSeconds(5);
    private static final Duration RECOVERY = Duration.ofSeconds(20);

    private static RedisServerProcess server;
    private static RedisStorage storage;
    private static final MutableClock CLOCK = new MutableClock();

    @BeforeAll
    static void start() {
        server = RedisServerProcess.start();
        storage = RedisStorage.connect(server.uri(), TestRedis.SETTINGS.withKeyPrefix("outage:"), CLOCK);
    }

    @AfterAll
    static void stop() {
        storage.close();
        server.stop();
    }

    /** One call of every store operation, by name; each works on an empty Redis. */
    private static Map<String, Runnable> everyStoreCall() {
        Instant later = CLOCK.instant().plus(Duration.ofHours(1));
        ClientRegistry clients = storage.clientRegistry(List.of());
        Map<String, Runnable> calls = new LinkedHashMap<>();
        calls.put("save code", () -> storage.authorizationCodes().save(code("code-1", CLOCK.instant()), later));
        calls.put("redeem code", () -> storage.authorizationCodes().redeem(TokenHash.of("code-1")));
        calls.put("create grant", () -> storage.grants().create(grant().build(), later));
        calls.put("find grant", () -> storage.grants().find(new GrantId("grant-1")));
        calls.put("replace grant", () -> storage.grants().replace(grant().version(1).build(), 0, later));
        calls.put("save pending", () -> storage.pendingAuthorizations().save(pending("request-1", later)));
        calls.put("find pending", () -> storage.pendingAuthorizations().find("request-1"));
        calls.put("take pending", () -> storage.pendingAuthorizations().take("request-1"));
        calls.put("save session", () -> storage.sessions().save(session("session-1", CLOCK.instant(), later)));
        calls.put("find session", () -> storage.sessions().find(new SessionId("session-1")));
        calls.put("save consent", () -> storage.consents().save(
                new Consent("alice", new ClientId("client-1"), Scopes.of("read")), later));
        calls.put("find consent", () -> storage.consents().find("alice", new ClientId("client-1")));
        calls.put("count failure", () -> storage.failureCounter().increment("login:user:alice", Duration.ofMinutes(1)));
        calls.put("current failures", () -> storage.failureCounter().current("login:user:alice"));
        calls.put("reset failures", () -> storage.failureCounter().reset("login:user:alice"));
        calls.put("register client", () -> clients.registerDynamic(dynamicClient("dynamic-1"), 10));
        calls.put("find client", () -> clients.find(new ClientId("dynamic-1")));
        calls.put("create key ring", () -> storage.keyRing().createIfAbsent("ring-1"));
        calls.put("load key ring", () -> storage.keyRing().load());
        calls.put("replace key ring", () -> storage.keyRing().replace("ring-1", "ring-2"));
        calls.put("record first use", () -> storage.usedTokens().firstUse(TokenHash.of("sealed-1"), later));
        calls.put("ping", () -> storage.ping());
        return calls;
    }

    @Test
    void callsWhenRedisStoppedThenFailFastAndWorkAgainOnceRedisIsBack() throws Exception {
        everyStoreCall().values().forEach(Runnable::run);

        server.stop();
        for (Map.Entry<String, Runnable> call : everyStoreCall().entrySet()) {
            long started = System.nanoTime();
            assertThrows(StorageUnavailableException.class, call.getValue()::run, call.getKey());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(FAIL_FAST) < 0, call.getKey() + " took " + took);
        }

        server.restart();
        awaitReconnect();
        everyStoreCall().values().forEach(Runnable::run);
        assertEquals(java.util.Optional.of("ring-2"), storage.keyRing().load());
    }

    @Test
    void callWhenRedisStallsThenStorageUnavailableAfterTheCommandTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(300);
        try (RedisStorage impatient = RedisStorage.connect(server.uri(),
                TestRedis.SETTINGS.withKeyPrefix("stall:").withCommandTimeout(timeout), CLOCK)) {
            impatient.ping();

            // Redis stops answering anyone for a while, as when it is overloaded, but keeps the connection open.
            assertEquals("+OK", server.command("CLIENT PAUSE 1500 ALL"));
            long started = System.nanoTime();
            StorageUnavailableException e = assertThrows(StorageUnavailableException.class,
                    () -> impatient.grants().find(new GrantId("grant-1")));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertInstanceOf(RedisCommandTimeoutException.class, e.getCause());
            assertTrue(took.compareTo(timeout) >= 0 && took.compareTo(Duration.ofMillis(1400)) < 0, "took " + took);
            Thread.sleep(1500);
            assertEquals(java.util.Optional.empty(), impatient.grants().find(new GrantId("grant-1")));
        }
    }

    @Test
    void connectWhenNothingListensThenStorageUnavailableQuickly() throws IOException {
        int unused;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            unused = socket.getLocalPort();
        }

        long started = System.nanoTime();
        assertThrows(StorageUnavailableException.class, () -> RedisStorage.connect(
                RedisURI.create("127.0.0.1", unused), TestRedis.SETTINGS, CLOCK));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(took.compareTo(FAIL_FAST) < 0, "took " + took);
    }

    private static void awaitReconnect() throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                storage.ping();
                return;
            } catch (StorageUnavailableException stillDown) {
                Thread.sleep(50);
            }
        }
        fail("the connection did not come back within " + RECOVERY + " after Redis restarted");
    }
}
