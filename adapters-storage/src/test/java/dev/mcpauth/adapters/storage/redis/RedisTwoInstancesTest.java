package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.adapters.storage.contract.MutableClock;
import dev.mcpauth.adapters.storage.contract.Race;
import dev.mcpauth.adapters.storage.contract.TestGrants;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.application.port.out.FailureCounter;
import dev.mcpauth.domain.authorization.PendingAuthorization;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.consent.Consent;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.grant.GrantId;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.AuthorizationCode;
import dev.mcpauth.domain.token.TokenHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

import static dev.mcpauth.adapters.storage.contract.TestAuthorizationCodes.code;
import static dev.mcpauth.adapters.storage.contract.TestClients.dynamicClient;
import static dev.mcpauth.adapters.storage.contract.TestGrants.grant;
import static dev.mcpauth.adapters.storage.contract.TestPendingAuthorizations.pending;
import static dev.mcpauth.adapters.storage.contract.TestSessions.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances on one Redis, each with its own connection, as behind a load balancer: what one writes the other
 * reads, and the atomic operations stay atomic when the racing callers are on different connections.
 */
class RedisTwoInstancesTest {
    private static final int ROUNDS = 20;

    private static RedisGateway firstConnection;
    private static RedisGateway secondConnection;

    private final MutableClock clock = new MutableClock();
    private RedisStorage first;
    private RedisStorage second;

    @BeforeAll
    static void connect() {
        firstConnection = TestRedis.connect(RedisServerProcess.shared());
        secondConnection = TestRedis.connect(RedisServerProcess.shared());
    }

    @AfterAll
    static void close() {
        firstConnection.close();
        secondConnection.close();
    }

    @BeforeEach
    void instances() {
        RedisKeys keys = TestRedis.freshKeys();
        first = new RedisStorage(firstConnection, keys, clock);
        second = new RedisStorage(secondConnection, keys, clock);
    }

    /** Runs {@code task} on {@link Race#THREADS} threads: even ones on the first instance, odd on the second. */
    private <T> List<T> race(BiFunction<RedisStorage, Integer, T> task) throws Exception {
        return Race.run(Race.THREADS, i -> task.apply(i % 2 == 0 ? first : second, i));
    }

    private Instant inOneHour() {
        return clock.instant().plus(Duration.ofHours(1));
    }

    @Test
    void findWhenTheOtherInstanceWroteThenSeesIt() {
        AuthorizationCode code = code("code-1", clock.instant());
        first.authorizationCodes().save(code, inOneHour());
        first.sessions().save(session("session-1", clock.instant(), inOneHour()));
        first.consents().save(new Consent("alice", new ClientId("client-1"), Scopes.of("read")), inOneHour());
        first.pendingAuthorizations().save(pending("request-1", inOneHour()));
        first.grants().create(grant().build(), inOneHour());
        first.keyRing().createIfAbsent("ring-1");
        first.clientRegistry(List.of()).registerDynamic(dynamicClient("dynamic-1"), 10);

        assertEquals(Optional.of(code), second.authorizationCodes().redeem(code.hash()));
        assertTrue(second.sessions().find(session("session-1", clock.instant(), inOneHour()).id()).isPresent());
        assertTrue(second.consents().find("alice", new ClientId("client-1")).isPresent());
        assertTrue(second.pendingAuthorizations().take("request-1").isPresent());
        assertTrue(second.grants().find(new GrantId("grant-1")).isPresent());
        assertEquals(Optional.of("ring-1"), second.keyRing().load());
        assertTrue(second.clientRegistry(List.of()).find(new ClientId("dynamic-1")).isPresent());
    }

    @Test
    void redeemWhenInstancesRaceThenExactlyOneSeesEachCodeUnredeemed() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            AuthorizationCode code = code("code-" + round, clock.instant());
            first.authorizationCodes().save(code, inOneHour());

            List<Optional<AuthorizationCode>> results = race((instance, i) ->
                    instance.authorizationCodes().redeem(code.hash()));

            assertTrue(results.stream().allMatch(Optional::isPresent));
            assertEquals(1, results.stream().filter(r -> !r.get().redeemed()).count(), "round " + round);
        }
    }

    @Test
    void createWhenInstancesRaceThenExactlyOneGrantIsCreated() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = "grant-" + round;
            List<Boolean> results = race((instance, i) ->
                    instance.grants().create(grant().id(id).subject("subject-" + i).build(), inOneHour()));

            assertEquals(1, results.stream().filter(created -> created).count(), "round " + round);
            assertEquals("subject-" + results.indexOf(true),
                    second.grants().find(new GrantId(id)).orElseThrow().subject());
        }
    }

    @Test
    void replaceWhenInstancesRaceFromTheSameVersionThenExactlyOneWins() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Grant grant = grant().id("grant-" + round).version(3).build();
            first.grants().create(grant, inOneHour());

            List<Boolean> results = race((instance, i) -> instance.grants().replace(
                    TestGrants.from(grant).currentRefreshToken("refresh-" + i).version(4).build(), 3, inOneHour()));

            assertEquals(1, results.stream().filter(replaced -> replaced).count(), "round " + round);
            assertTrue(first.grants().find(grant.id()).orElseThrow().family().orElseThrow().current()
                    .matches(TokenHash.of("refresh-" + results.indexOf(true))));
        }
    }

    @Test
    void registerDynamicWhenInstancesRaceAtTheCapThenTheCapHolds() throws Exception {
        int cap = 5;
        ClientRegistry onFirst = first.clientRegistry(List.of());
        ClientRegistry onSecond = second.clientRegistry(List.of());

        List<Boolean> results = Race.run(Race.THREADS, i ->
                (i % 2 == 0 ? onFirst : onSecond).registerDynamic(dynamicClient("racer-" + i), cap));

        assertEquals(cap, results.stream().filter(registered -> registered).count());
        for (int i = 0; i < Race.THREADS; i++) {
            assertEquals(results.get(i), onSecond.find(new ClientId("racer-" + i)).isPresent());
        }
        assertEquals(cap, firstConnection.commands().hlen(first.keys().dynamicClients()));
    }

    @Test
    void registerDynamicWhenInstancesRaceAtOneBelowTheCapThenExactlyOneSucceeds() throws Exception {
        int cap = 3;
        for (int i = 0; i < cap - 1; i++) {
            first.clientRegistry(List.of()).registerDynamic(dynamicClient("before-" + i), cap);
        }

        List<Boolean> results = race((instance, i) ->
                instance.clientRegistry(List.of()).registerDynamic(dynamicClient("racer-" + i), cap));

        assertEquals(1, results.stream().filter(registered -> registered).count());
    }

    @Test
    void createIfAbsentWhenInstancesRaceThenExactlyOneKeyRingIsStored() throws Exception {
        List<Boolean> results = race((instance, i) -> instance.keyRing().createIfAbsent("ring-" + i));

        assertEquals(1, results.stream().filter(created -> created).count());
        assertEquals(Optional.of("ring-" + results.indexOf(true)), second.keyRing().load());
    }

    @Test
    void replaceWhenInstancesRotateTheKeyRingAtOnceThenExactlyOneWins() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String current = first.keyRing().load().orElse(null);
            if (current == null) {
                first.keyRing().createIfAbsent("ring-start");
                current = "ring-start";
            }
            String expected = current;
            int thisRound = round;

            List<Boolean> results = race((instance, i) ->
                    instance.keyRing().replace(expected, "ring-" + thisRound + "-" + i));

            assertEquals(1, results.stream().filter(replaced -> replaced).count(), "round " + round);
            assertEquals(Optional.of("ring-" + round + "-" + results.indexOf(true)), second.keyRing().load());
        }
    }

    @Test
    void firstUseWhenInstancesRaceThenExactlyOneIsFirst() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            TokenHash hash = TokenHash.of("sealed-code-" + round);

            List<Boolean> results = race((instance, i) -> instance.usedTokens().firstUse(hash, inOneHour()));

            assertEquals(1, results.stream().filter(first -> first).count(), "round " + round);
        }
    }

    @Test
    void takeWhenInstancesRaceThenExactlyOneGetsTheRequest() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            PendingAuthorization request = pending("request-" + round, inOneHour());
            first.pendingAuthorizations().save(request);

            List<Optional<PendingAuthorization>> results = race((instance, i) ->
                    instance.pendingAuthorizations().take(request.id()));

            assertEquals(1, results.stream().filter(Optional::isPresent).count(), "round " + round);
        }
    }

    @Test
    void incrementWhenInstancesCountAtOnceThenEveryFailureIsCountedOnce() throws Exception {
        int perThread = 50;
        Duration window = Duration.ofMinutes(15);
        Instant windowEnd = clock.instant().plus(window);

        List<List<FailureCounter.Count>> seen = race((instance, i) -> {
            List<FailureCounter.Count> counts = new ArrayList<>();
            for (int n = 0; n < perThread; n++) {
                counts.add(instance.failureCounter().increment("login:user:alice", window));
            }
            return counts;
        });

        long total = (long) Race.THREADS * perThread;
        Set<Long> distinct = new HashSet<>();
        seen.forEach(counts -> counts.forEach(count -> {
            distinct.add(count.failures());
            assertEquals(windowEnd, count.windowEndsAt());
        }));
        assertEquals(total, distinct.size());
        assertEquals(total, second.failureCounter().current("login:user:alice").failures());
    }
}
