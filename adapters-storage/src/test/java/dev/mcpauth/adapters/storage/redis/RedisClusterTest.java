package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.adapters.storage.contract.MutableClock;
import dev.mcpauth.adapters.storage.contract.TestGrants;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.consent.Consent;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.AuthorizationCode;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.mcpauth.adapters.storage.contract.TestAuthorizationCodes.code;
import static dev.mcpauth.adapters.storage.contract.TestClients.dynamicClient;
import static dev.mcpauth.adapters.storage.contract.TestGrants.grant;
import static dev.mcpauth.adapters.storage.contract.TestPendingAuthorizations.pending;
import static dev.mcpauth.adapters.storage.contract.TestSessions.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stores through a Cluster connection, on a one-node Redis Cluster that owns every slot: the scripts run there
 * (a Cluster refuses a script whose keys lie in different slots), and the Cluster factory's options hold together.
 */
class RedisClusterTest {
    private static final Duration CLUSTER_READY = Duration.ofSeconds(15);

    private static RedisServerProcess node;
    private static RedisStorage storage;
    private final MutableClock clock = new MutableClock();

    @BeforeAll
    static void startCluster() throws InterruptedException {
        node = RedisServerProcess.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                "--cluster-announce-ip", "127.0.0.1");
        assertEquals("+OK", node.command("CLUSTER ADDSLOTSRANGE 0 16383"));
        long deadline = System.nanoTime() + CLUSTER_READY.toNanos();
        while (!node.command("CLUSTER INFO").contains("cluster_state:ok")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the one-node cluster did not become ready");
            }
            Thread.sleep(50);
        }
        storage = RedisStorage.connectCluster(List.of(RedisURI.create("127.0.0.1", node.port())),
                TestRedis.SETTINGS, new MutableClock());
    }

    @AfterAll
    static void stopCluster() {
        storage.close();
        node.stop();
    }

    private Instant inOneHour() {
        return clock.instant().plus(Duration.ofHours(1));
    }

    @Test
    void everyStoreWhenOnAClusterThenWorks() {
        RedisStorage on = new RedisStorage(storage.gateway(), TestRedis.freshKeys(), clock);
        AuthorizationCode code = code("code-1", clock.instant());
        on.authorizationCodes().save(code, inOneHour());
        assertEquals(Optional.of(code), on.authorizationCodes().redeem(code.hash()));
        assertTrue(on.authorizationCodes().redeem(code.hash()).orElseThrow().redeemed());

        Grant grant = grant().build();
        assertTrue(on.grants().create(grant, inOneHour()));
        assertFalse(on.grants().create(grant, inOneHour()));
        assertTrue(on.grants().replace(TestGrants.from(grant).version(1).build(), 0, inOneHour()));
        assertEquals(1, on.grants().find(grant.id()).orElseThrow().version());

        on.pendingAuthorizations().save(pending("request-1", inOneHour()));
        assertTrue(on.pendingAuthorizations().find("request-1").isPresent());
        assertTrue(on.pendingAuthorizations().take("request-1").isPresent());

        on.sessions().save(session("session-1", clock.instant(), inOneHour()));
        assertTrue(on.sessions().find(session("session-1", clock.instant(), inOneHour()).id()).isPresent());

        Consent consent = new Consent("alice", new ClientId("client-1"), Scopes.of("read"));
        on.consents().save(consent, inOneHour());
        assertEquals(Optional.of(consent), on.consents().find("alice", new ClientId("client-1")));

        assertEquals(2, on.failureCounter().increment("login:user:alice", Duration.ofMinutes(1)).failures()
                + on.failureCounter().current("login:user:alice").failures());
        on.failureCounter().reset("login:user:alice");

        ClientRegistry clients = on.clientRegistry(List.of());
        assertTrue(clients.registerDynamic(dynamicClient("dynamic-1"), 1));
        assertFalse(clients.registerDynamic(dynamicClient("dynamic-2"), 1));
        assertTrue(clients.find(new ClientId("dynamic-1")).isPresent());

        assertTrue(on.keyRing().createIfAbsent("ring-1"));
        assertTrue(on.keyRing().replace("ring-1", "ring-2"));
        assertEquals(Optional.of("ring-2"), on.keyRing().load());

        assertTrue(on.usedTokens().firstUse(code.hash(), inOneHour()));
        assertFalse(on.usedTokens().firstUse(code.hash(), inOneHour()));

        on.ping();
    }

    @Test
    void keysWhenOnAClusterThenLandInTheSlotOfTheirHashTag() {
        RedisKeys keys = new RedisKeys("mcpauth:");

        long slot = storage.gateway().commands().clusterKeyslot(keys.grant(grant().build().id()));

        assertEquals(storage.gateway().commands().clusterKeyslot("grant-1"), slot);
        assertEquals(storage.gateway().commands().clusterKeyslot("%7Bx%7D"),
                storage.gateway().commands().clusterKeyslot(keys.pending("{x}")));
    }
}
