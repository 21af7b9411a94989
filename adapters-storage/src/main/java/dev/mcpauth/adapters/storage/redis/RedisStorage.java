package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.application.port.out.AuthorizationCodeStore;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.application.port.out.ConsentStore;
import dev.mcpauth.application.port.out.FailureCounter;
import dev.mcpauth.application.port.out.GrantStore;
import dev.mcpauth.application.port.out.KeyRingStore;
import dev.mcpauth.application.port.out.PendingAuthorizationStore;
import dev.mcpauth.application.port.out.SessionStore;
import dev.mcpauth.application.port.out.StorageUnavailableException;
import dev.mcpauth.application.port.out.UsedTokens;
import dev.mcpauth.domain.client.Client;
import io.lettuce.core.RedisURI;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Every store on one Redis (standalone, Sentinel or Cluster), so that several instances share their state: one
 * connection, opened by a factory method and closed by {@link #close()}. Store calls throw
 * {@link StorageUnavailableException} when Redis cannot be reached in time; the connection reconnects on its own.
 */
public final class RedisStorage implements AutoCloseable {
    private final RedisGateway redis;
    private final RedisKeys keys;
    private final AuthorizationCodeStore authorizationCodes;
    private final PendingAuthorizationStore pendingAuthorizations;
    private final GrantStore grants;
    private final ConsentStore consents;
    private final SessionStore sessions;
    private final FailureCounter failureCounter;
    private final KeyRingStore keyRing;
    private final UsedTokens usedTokens;

    RedisStorage(RedisGateway redis, RedisKeys keys, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keys = Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(clock, "clock");
        this.authorizationCodes = new RedisAuthorizationCodeStore(redis, keys, clock);
        this.pendingAuthorizations = new RedisPendingAuthorizationStore(redis, keys, clock);
        this.grants = new RedisGrantStore(redis, keys, clock);
        this.consents = new RedisConsentStore(redis, keys, clock);
        this.sessions = new RedisSessionStore(redis, keys, clock);
        this.failureCounter = new RedisFailureCounter(redis, keys, clock);
        this.keyRing = new RedisKeyRingStore(redis, keys);
        this.usedTokens = new RedisUsedTokens(redis, keys, clock);
    }

    /**
     * Connects to a standalone Redis or, given a Sentinel URI, to the master its Sentinels name. Host, port, password
     * (and ACL user), database and TLS come from the URI, e.g. {@code RedisURI.create("rediss://:secret@host:6380/2")}
     * or {@code RedisURI.create("redis-sentinel://:secret@s1:26379,s2:26379/0#mymaster")}. The URI's own timeout
     * (60 s unless set) bounds only this initial connect; commands use {@link Settings#commandTimeout()}.
     *
     * @throws StorageUnavailableException when Redis cannot be reached now
     */
    public static RedisStorage connect(RedisURI uri, Settings settings, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return new RedisStorage(RedisGateway.standalone(uri, settings), new RedisKeys(settings.keyPrefix()), clock);
    }

    /**
     * Connects to a Redis Cluster through any of its nodes; the rest of the topology is discovered and kept up to
     * date. Password and TLS come from the seed URIs.
     *
     * @throws StorageUnavailableException when no seed node can be reached now
     */
    public static RedisStorage connectCluster(List<RedisURI> seedNodes, Settings settings, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return new RedisStorage(RedisGateway.cluster(List.copyOf(seedNodes), settings),
                new RedisKeys(settings.keyPrefix()), clock);
    }

    public AuthorizationCodeStore authorizationCodes() {
        return authorizationCodes;
    }

    public PendingAuthorizationStore pendingAuthorizations() {
        return pendingAuthorizations;
    }

    public GrantStore grants() {
        return grants;
    }

    public ConsentStore consents() {
        return consents;
    }

    public SessionStore sessions() {
        return sessions;
    }

    public FailureCounter failureCounter() {
        return failureCounter;
    }

    public KeyRingStore keyRing() {
        return keyRing;
    }

    public UsedTokens usedTokens() {
        return usedTokens;
    }

    /**
     * A registry of the configured static clients and the dynamic ones in Redis.
     *
     * @throws IllegalArgumentException when two static clients share an id
     */
    public ClientRegistry clientRegistry(List<Client> staticClients) {
        return new RedisClientRegistry(staticClients, redis, keys);
    }

    /**
     * Checks that Redis answers, for a health check.
     *
     * @throws StorageUnavailableException when it does not answer within the command timeout
     */
    public void ping() {
        redis.ping();
    }

    /** Closes the connection and releases its threads; the stores must not be used afterwards. */
    @Override
    public void close() {
        redis.close();
    }

    RedisGateway gateway() {
        return redis;
    }

    RedisKeys keys() {
        return keys;
    }

    /**
     * How the stores use Redis.
     *
     * @param keyPrefix         starts every key, so that several deployments can share one Redis; no braces
     * @param commandTimeout    how long a command may take before the call fails with
     *                          {@link StorageUnavailableException}
     * @param connectTimeout    how long opening a TCP connection may take
     * @param maxReconnectDelay the longest pause between reconnect attempts after Redis went away
     */
    public record Settings(String keyPrefix, Duration commandTimeout, Duration connectTimeout,
                           Duration maxReconnectDelay) {
        public static final String DEFAULT_KEY_PREFIX = RedisKeys.DEFAULT_PREFIX;

        public Settings {
            RedisKeys.checkPrefix(keyPrefix);
            requirePositive(commandTimeout, "commandTimeout");
            requirePositive(connectTimeout, "connectTimeout");
            requirePositive(maxReconnectDelay, "maxReconnectDelay");
        }

        /** Prefix {@code mcpauth:}, 2 s command and connect timeouts, reconnect attempts at least every 5 s. */
        public static Settings defaults() {
            return new Settings(DEFAULT_KEY_PREFIX, Duration.ofSeconds(2), Duration.ofSeconds(2),
                    Duration.ofSeconds(5));
        }

        public Settings withKeyPrefix(String prefix) {
            return new Settings(prefix, commandTimeout, connectTimeout, maxReconnectDelay);
        }

        public Settings withCommandTimeout(Duration timeout) {
            return new Settings(keyPrefix, timeout, connectTimeout, maxReconnectDelay);
        }

        public Settings withConnectTimeout(Duration timeout) {
            return new Settings(keyPrefix, commandTimeout, timeout, maxReconnectDelay);
        }

        public Settings withMaxReconnectDelay(Duration delay) {
            return new Settings(keyPrefix, commandTimeout, connectTimeout, delay);
        }

        private static void requirePositive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
        }
    }
}
