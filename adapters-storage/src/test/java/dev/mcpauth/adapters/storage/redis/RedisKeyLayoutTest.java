package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.adapters.storage.contract.MutableClock;
import dev.mcpauth.adapters.storage.contract.TestGrants;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.client.ClientKind;
import dev.mcpauth.domain.client.RedirectUri;
import dev.mcpauth.domain.client.TokenEndpointAuthMethod;
import dev.mcpauth.domain.consent.Consent;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.grant.GrantId;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.session.Session;
import dev.mcpauth.domain.session.SessionId;
import dev.mcpauth.domain.token.AuthorizationCode;
import dev.mcpauth.domain.token.TokenHash;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static dev.mcpauth.adapters.storage.contract.TestAuthorizationCodes.code;
import static dev.mcpauth.adapters.storage.contract.TestClients.dynamicClient;
import static dev.mcpauth.adapters.storage.contract.TestGrants.grant;
import static dev.mcpauth.adapters.storage.contract.TestPendingAuthorizations.pending;
import static dev.mcpauth.adapters.storage.contract.TestSessions.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the stores leave in Redis: the key layout, the prefix on every key, a TTL on every record, no secrets. */
class RedisKeyLayoutTest {
    /** A database of its own, emptied before each test, so that every key in it was written by the test. */
    private static final int DATABASE = 3;
    /** How much of a TTL may have run down between the write and the check, on a slow machine. */
    private static final long TTL_SLACK_MILLIS = 10_000;

    private static RedisGateway redis;

    private final MutableClock clock = new MutableClock();
    private RedisStorage storage;

    @BeforeAll
    static void connect() {
        RedisURI uri = RedisURI.builder(RedisServerProcess.shared().uri()).withDatabase(DATABASE).build();
        redis = RedisGateway.standalone(uri, TestRedis.SETTINGS);
    }

    @AfterAll
    static void close() {
        redis.close();
    }

    @BeforeEach
    void emptyDatabase() {
        redis.commands().flushdb();
        storage = new RedisStorage(redis, new RedisKeys(RedisStorage.Settings.DEFAULT_KEY_PREFIX), clock);
    }

    private Instant in(Duration duration) {
        return clock.instant().plus(duration);
    }

    private void writeOneOfEach(RedisStorage into) {
        into.authorizationCodes().save(code("code-1", clock.instant()), in(Duration.ofMinutes(10)));
        into.grants().create(grant().build(), in(Duration.ofDays(30)));
        into.pendingAuthorizations().save(pending("request-1", in(Duration.ofMinutes(10))));
        into.sessions().save(session("session-1", clock.instant(), in(Duration.ofHours(1))));
        into.consents().save(new Consent("alice", new ClientId("client-1"), Scopes.of("read")),
                in(Duration.ofDays(90)));
        into.failureCounter().increment("login:user:alice", Duration.ofMinutes(15));
        into.clientRegistry(List.of()).registerDynamic(dynamicClient("dynamic-1"), 10);
        into.keyRing().createIfAbsent("ring-1");
        into.usedTokens().firstUse(TokenHash.of("sealed-code-1"), in(Duration.ofMinutes(10)));
    }

    @Test
    void writeWhenOneRecordOfEachKindThenTheKeysFollowTheLayout() {
        writeOneOfEach(storage);

        assertEquals(new TreeSet<>(Set.of(
                "mcpauth:code:{" + TokenHash.of("code-1").value() + "}",
                "mcpauth:grant:{grant-1}",
                "mcpauth:pending:{request-1}",
                "mcpauth:session:{session-1}",
                "mcpauth:consent:{alice}:client-1",
                "mcpauth:failures:{login:user:alice}",
                "mcpauth:clients:{dynamic}",
                "mcpauth:keyring",
                "mcpauth:used:{" + TokenHash.of("sealed-code-1").value() + "}")), keys());
        for (String key : keys()) {
            boolean string = key.endsWith("keyring") || key.startsWith("mcpauth:used:");
            assertEquals(string ? "string" : "hash", redis.commands().type(key), key);
        }
    }

    @Test
    void writeWhenAnotherPrefixIsConfiguredThenEveryKeyCarriesIt() {
        writeOneOfEach(new RedisStorage(redis, new RedisKeys("tenant-a/auth:"), clock));

        assertEquals(9, keys().size());
        for (String key : keys()) {
            assertTrue(key.startsWith("tenant-a/auth:"), key);
        }
    }

    @Test
    void saveWhenAuthorizationCodeThenItsTtlRunsToForgetAtAndRedeemKeepsIt() {
        AuthorizationCode code = code("code-1", clock.instant());
        storage.authorizationCodes().save(code, in(Duration.ofMinutes(11)));
        String key = "mcpauth:code:{" + code.hash().value() + "}";
        assertTtl(key, Duration.ofMinutes(11));

        clock.advance(Duration.ofMinutes(1));
        storage.authorizationCodes().redeem(code.hash());

        // Still the TTL of the save: the redeemed code is forgotten at the original forgetAt.
        assertTtl(key, Duration.ofMinutes(11));
    }

    @Test
    void createAndReplaceWhenGrantThenEachWriteSetsTheTtlOfItsForgetAt() {
        Grant grant = grant().build();
        storage.grants().create(grant, in(Duration.ofDays(30)));
        assertTtl("mcpauth:grant:{grant-1}", Duration.ofDays(30));

        storage.grants().replace(TestGrants.from(grant).version(1).build(), 0, in(Duration.ofDays(2)));
        assertTtl("mcpauth:grant:{grant-1}", Duration.ofDays(2));

        storage.grants().replace(TestGrants.from(grant).version(2).build(), 1, in(Duration.ofDays(60)));
        assertTtl("mcpauth:grant:{grant-1}", Duration.ofDays(60));
    }

    @Test
    void saveWhenPendingAuthorizationSessionOrConsentThenEachWriteSetsTheTtl() {
        storage.pendingAuthorizations().save(pending("request-1", in(Duration.ofMinutes(10))));
        assertTtl("mcpauth:pending:{request-1}", Duration.ofMinutes(10));
        storage.pendingAuthorizations().save(pending("request-1", in(Duration.ofMinutes(5))).authenticate("alice"));
        assertTtl("mcpauth:pending:{request-1}", Duration.ofMinutes(5));

        Session session = session("session-1", clock.instant(), in(Duration.ofHours(8)));
        storage.sessions().save(session);
        assertTtl("mcpauth:session:{session-1}", Duration.ofHours(8));
        storage.sessions().save(session.end());
        assertTtl("mcpauth:session:{session-1}", Duration.ofHours(8));

        Consent consent = new Consent("alice", new ClientId("client-1"), Scopes.of("read"));
        storage.consents().save(consent, in(Duration.ofDays(90)));
        assertTtl("mcpauth:consent:{alice}:client-1", Duration.ofDays(90));
        storage.consents().save(consent, in(Duration.ofDays(1)));
        assertTtl("mcpauth:consent:{alice}:client-1", Duration.ofDays(1));
    }

    @Test
    void incrementWhenFailuresThenTheTtlIsTheWindowAndANewWindowSetsItAgain() {
        storage.failureCounter().increment("login:user:alice", Duration.ofMinutes(15));
        clock.advance(Duration.ofMinutes(5));
        storage.failureCounter().increment("login:user:alice", Duration.ofMinutes(15));
        assertTtl("mcpauth:failures:{login:user:alice}", Duration.ofMinutes(15));

        clock.advance(Duration.ofMinutes(20));
        storage.failureCounter().increment("login:user:alice", Duration.ofMinutes(30));
        assertTtl("mcpauth:failures:{login:user:alice}", Duration.ofMinutes(30));
    }

    @Test
    void firstUseWhenRecordedThenItsTtlRunsToForgetAtAndALaterUseKeepsIt() {
        TokenHash hash = TokenHash.of("sealed-code-1");
        storage.usedTokens().firstUse(hash, in(Duration.ofMinutes(10)));
        assertTtl("mcpauth:used:{" + hash.value() + "}", Duration.ofMinutes(10));

        storage.usedTokens().firstUse(hash, in(Duration.ofHours(10)));

        assertTtl("mcpauth:used:{" + hash.value() + "}", Duration.ofMinutes(10));
    }

    @Test
    void saveWhenForgetAtAlreadyPassedThenTheKeyStillGetsATtl() {
        storage.consents().save(new Consent("alice", new ClientId("client-1"), Scopes.of("read")),
                clock.instant().minusSeconds(1));

        long ttl = redis.commands().pttl("mcpauth:consent:{alice}:client-1");
        assertTrue(ttl == -2 || ttl == 0 || ttl == 1,
                "a record written already forgotten must expire at once, PTTL " + ttl);
    }

    @Test
    void writeWhenDynamicClientOrKeyRingThenTheyHaveNoTtl() {
        storage.clientRegistry(List.of()).registerDynamic(dynamicClient("dynamic-1"), 10);
        storage.keyRing().createIfAbsent("ring-1");
        storage.keyRing().replace("ring-1", "ring-2");

        // By design: neither has a forgetAt in its port; dynamic clients are bounded by the cap, and signing keys
        // must never vanish.
        assertEquals(-1, redis.commands().pttl("mcpauth:clients:{dynamic}"));
        assertEquals(-1, redis.commands().pttl("mcpauth:keyring"));
    }

    @Test
    void takeOrResetThenTheKeyIsGone() {
        storage.pendingAuthorizations().save(pending("request-1", in(Duration.ofMinutes(10))));
        storage.failureCounter().increment("login:user:alice", Duration.ofMinutes(15));

        storage.pendingAuthorizations().take("request-1");
        storage.failureCounter().reset("login:user:alice");

        assertEquals(Set.of(), keys());
    }

    @Test
    void writeWhenRecordsHoldTokensThenOnlyTheirHashesAreStored() {
        AuthorizationCode fixture = code("the-authorization-code", clock.instant());
        // The fixture names its grant after the code value; a real grant id is random.
        AuthorizationCode code = new AuthorizationCode(fixture.hash(), fixture.clientId(), fixture.redirectUri(),
                fixture.redirectUriInRequest(), fixture.challenge(), fixture.scopes(), fixture.audiences(),
                fixture.subject(), new GrantId("grant-7"), fixture.issuedAt(), fixture.expiresAt(), false);
        storage.authorizationCodes().save(code, in(Duration.ofMinutes(10)));
        Grant grant = TestGrants.grant().currentRefreshToken("the-refresh-token").build();
        storage.grants().create(grant, in(Duration.ofDays(30)));
        storage.grants().replace(TestGrants.from(grant).currentRefreshToken("the-next-refresh-token").version(1)
                .build(), 0, in(Duration.ofDays(30)));
        Client confidential = new Client(new ClientId("confidential-1"), Optional.of("$argon2id$v=19$hash"),
                List.of(new RedirectUri("https://app.example.com/cb")), TokenEndpointAuthMethod.CLIENT_SECRET_BASIC,
                "App", Scopes.empty(), ClientKind.DYNAMIC, clock.instant());
        storage.clientRegistry(List.of()).registerDynamic(confidential, 10);

        String everything = dump();

        assertFalse(everything.contains("the-authorization-code"));
        assertFalse(everything.contains("the-refresh-token"));
        assertFalse(everything.contains("the-next-refresh-token"));
        assertTrue(everything.contains(TokenHash.of("the-authorization-code").value()), "the dump is complete");
        assertTrue(everything.contains(TokenHash.of("the-next-refresh-token").value()), "the dump is complete");
        assertTrue(everything.contains("$argon2id$v=19$hash"), "the client secret's hash is stored");
    }

    @Test
    void keysWhenIdsContainBracesOrSeparatorsThenEveryRecordHasItsOwnKey() {
        storage.consents().save(new Consent("a}:b", new ClientId("c"), Scopes.of("one")), in(Duration.ofDays(1)));
        storage.consents().save(new Consent("a", new ClientId("b}:c"), Scopes.of("two")), in(Duration.ofDays(1)));
        storage.consents().save(new Consent("a%7D:b", new ClientId("c"), Scopes.of("three")), in(Duration.ofDays(1)));
        storage.sessions().save(session("{x}", clock.instant(), in(Duration.ofHours(1))));

        assertEquals(Scopes.of("one"), storage.consents().find("a}:b", new ClientId("c")).orElseThrow().scopes());
        assertEquals(Scopes.of("two"), storage.consents().find("a", new ClientId("b}:c")).orElseThrow().scopes());
        assertEquals(Scopes.of("three"), storage.consents().find("a%7D:b", new ClientId("c")).orElseThrow().scopes());
        assertTrue(storage.sessions().find(new SessionId("{x}")).isPresent());
        assertTrue(keys().contains("mcpauth:session:{%7Bx%7D}"), keys().toString());
        assertTrue(keys().contains("mcpauth:consent:{a%7D:b}:c"), keys().toString());
        assertTrue(keys().contains("mcpauth:consent:{a%257D:b}:c"), keys().toString());
    }

    private void assertTtl(String key, Duration expected) {
        long ttl = redis.commands().pttl(key);
        assertTrue(ttl > 0, key + " has no TTL: " + ttl);
        assertTrue(ttl <= expected.toMillis() && ttl > expected.toMillis() - TTL_SLACK_MILLIS,
                key + " has PTTL " + ttl + ", expected about " + expected.toMillis());
    }

    private Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        RedisClusterCommands<String, String> commands = redis.commands();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = commands.scan(cursor, ScanArgs.Builder.limit(1000));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    private String dump() {
        StringBuilder dump = new StringBuilder();
        for (String key : keys()) {
            dump.append(key).append('\n');
            if ("hash".equals(redis.commands().type(key))) {
                redis.commands().hgetall(key).forEach((field, value) ->
                        dump.append(field).append('=').append(value).append('\n'));
            } else {
                dump.append(redis.commands().get(key)).append('\n');
            }
        }
        return dump.toString();
    }
}
