package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.adapters.storage.contract.MutableClock;
import dev.mcpauth.application.port.out.GrantStore;
import dev.mcpauth.application.port.out.StorageUnavailableException;
import dev.mcpauth.domain.grant.GrantId;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CancellationException;

import static dev.mcpauth.adapters.storage.contract.TestGrants.grant;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisGatewayTest {
    private final MutableClock clock = new MutableClock();

    @Test
    void evalWhenTheServerForgotTheScriptsThenSendsThemAgain() {
        RedisKeys keys = TestRedis.freshKeys();
        GrantStore grants = new RedisGrantStore(TestRedis.gateway(), keys, clock);
        assertTrue(grants.create(grant().build(), clock.instant().plus(Duration.ofHours(1))));

        // As after a restart or a failover to a replica that never saw the scripts.
        TestRedis.gateway().commands().scriptFlush();

        assertFalse(grants.create(grant().build(), clock.instant().plus(Duration.ofHours(1))));
        assertTrue(grants.replace(grant().version(1).build(), 0, clock.instant().plus(Duration.ofHours(1))));
    }

    @Test
    void findWhenTheKeyHoldsSomethingElseThenTheErrorIsNotMistakenForAnOutage() {
        RedisKeys keys = TestRedis.freshKeys();
        TestRedis.gateway().commands().set(keys.grant(new GrantId("grant-1")), "not a hash");
        GrantStore grants = new RedisGrantStore(TestRedis.gateway(), keys, clock);

        RuntimeException e = assertThrows(RuntimeException.class, () -> grants.find(new GrantId("grant-1")));

        assertFalse(e instanceof StorageUnavailableException, "WRONGTYPE is a bug, not an outage");
    }

    @Test
    void translateWhenRedisCannotServeThenStorageUnavailable() {
        for (RuntimeException cause : new RuntimeException[] {
                new RedisCommandTimeoutException("Command timed out after 2 second(s)"),
                new RedisConnectionException("Unable to connect to 127.0.0.1:6379"),
                new RedisException("Currently not connected. Commands are rejected."),
                new RedisLoadingException("LOADING Redis is loading the dataset in memory"),
                new RedisReadOnlyException("READONLY You can't write against a read only replica."),
                new RedisCommandExecutionException("CLUSTERDOWN The cluster is down"),
                new RedisCommandExecutionException("OOM command not allowed when used memory > 'maxmemory'."),
                new CancellationException()}) {
            RuntimeException translated = RedisGateway.translate("GET", cause);

            assertInstanceOf(StorageUnavailableException.class, translated, cause.toString());
            assertSame(cause, translated.getCause());
        }
    }

    @Test
    void translateWhenTheCommandItselfIsWrongThenUnchanged() {
        RuntimeException scriptError = new RedisCommandExecutionException("ERR user_script:1: Script attempted ...");
        RuntimeException bug = new IllegalStateException("a stored record is corrupt");

        assertSame(scriptError, RedisGateway.translate("EVALSHA", scriptError));
        assertSame(bug, RedisGateway.translate("GET", bug));
    }

    @Test
    void pingWhenRedisAnswersThenReturns() {
        assertDoesNotThrow(() -> TestRedis.gateway().ping());
    }

    @Test
    void closeThenCallsAreStorageUnavailable() {
        RedisStorage storage = RedisStorage.connect(RedisServerProcess.shared().uri(),
                TestRedis.SETTINGS.withKeyPrefix(TestRedis.freshKeys().prefix()), clock);
        storage.ping();
        assertEquals(java.util.Optional.empty(), storage.grants().find(new GrantId("grant-1")));

        storage.close();

        assertThrows(StorageUnavailableException.class, () -> storage.grants().find(new GrantId("grant-1")));
    }
}
