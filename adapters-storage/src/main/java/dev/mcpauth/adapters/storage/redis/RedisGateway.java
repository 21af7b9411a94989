package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.application.port.out.StorageUnavailableException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisReadOnlyException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The few Redis operations the stores use, over one thread-safe connection to a standalone server, a Sentinel-managed
 * master or a Cluster, so that the stores do not care which. Every failure to reach Redis in time becomes a
 * {@link StorageUnavailableException}.
 */
final class RedisGateway implements AutoCloseable {
    /** First delay between reconnect attempts; doubled up to {@link RedisStorage.Settings#maxReconnectDelay()}. */
    private static final Duration MIN_RECONNECT_DELAY = Duration.ofMillis(50);

    private final RedisClusterCommands<String, String> commands;
    private final Runnable shutdown;
    private volatile boolean closed;

    private RedisGateway(RedisClusterCommands<String, String> commands, Runnable shutdown) {
        this.commands = commands;
        this.shutdown = shutdown;
    }

    /** Connects to a standalone server or, for a {@code redis-sentinel://} URI, to the master Sentinel names. */
    static RedisGateway standalone(RedisURI uri, RedisStorage.Settings settings) {
        Objects.requireNonNull(uri, "uri");
        ClientResources resources = resources(settings);
        RedisClient client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(socketOptions(settings))
                .build());
        Runnable shutdown = () -> shutdown(client, resources);
        try {
            StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8, uri);
            return open(connection, connection.sync(), settings, shutdown);
        } catch (RuntimeException e) {
            shutdown.run();
            throw translate("connect to Redis at " + describe(uri), e);
        }
    }

    /** Connects to a Redis Cluster, discovering its topology from any of the seed nodes. */
    static RedisGateway cluster(List<RedisURI> seedNodes, RedisStorage.Settings settings) {
        if (seedNodes.isEmpty()) {
            throw new IllegalArgumentException("a Redis Cluster needs at least one seed node");
        }
        ClientResources resources = resources(settings);
        RedisClusterClient client = RedisClusterClient.create(resources, seedNodes);
        client.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(socketOptions(settings))
                // Follow failovers and resharding without a restart: MOVED/ASK and reconnects trigger a refresh.
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .enablePeriodicRefresh(Duration.ofMinutes(1))
                        .build())
                .build());
        Runnable shutdown = () -> shutdown(client, resources);
        try {
            StatefulRedisClusterConnection<String, String> connection = client.connect(StringCodec.UTF8);
            return open(connection, connection.sync(), settings, shutdown);
        } catch (RuntimeException e) {
            shutdown.run();
            List<String> nodes = new ArrayList<>();
            seedNodes.forEach(node -> nodes.add(describe(node)));
            throw translate("connect to the Redis Cluster at " + nodes, e);
        }
    }

    private static RedisGateway open(StatefulConnection<String, String> connection,
                                     RedisClusterCommands<String, String> commands, RedisStorage.Settings settings,
                                     Runnable shutdownClient) {
        // The synchronous API waits for the connection's timeout, which otherwise is the URI's (60 s by default).
        connection.setTimeout(settings.commandTimeout());
        return new RedisGateway(commands, () -> {
            try {
                connection.close();
            } finally {
                shutdownClient.run();
            }
        });
    }

    /** Without a quiet period: nothing is left to drain once the connection is closed. */
    private static void shutdown(AbstractRedisClient client, ClientResources resources) {
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    private static ClientResources resources(RedisStorage.Settings settings) {
        Duration max = settings.maxReconnectDelay().compareTo(MIN_RECONNECT_DELAY) > 0
                ? settings.maxReconnectDelay() : MIN_RECONNECT_DELAY.plusMillis(1);
        return DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(MIN_RECONNECT_DELAY, max, 2, TimeUnit.MILLISECONDS))
                .build();
    }

    private static SocketOptions socketOptions(RedisStorage.Settings settings) {
        return SocketOptions.builder()
                .connectTimeout(settings.connectTimeout())
                .keepAlive(true)
                .build();
    }

    /** The values of {@code fields} in the hash at {@code key}, null for each one missing. */
    List<String> hmget(String key, String... fields) {
        List<KeyValue<String, String>> values = call("HMGET", () -> commands.hmget(key, fields));
        List<String> result = new ArrayList<>(values.size());
        for (KeyValue<String, String> value : values) {
            result.add(value.getValueOrElse(null));
        }
        return result;
    }

    String hget(String key, String field) {
        return call("HGET", () -> commands.hget(key, field));
    }

    String get(String key) {
        return call("GET", () -> commands.get(key));
    }

    /** SET NX: true when the key was absent and is now set. */
    boolean setIfAbsent(String key, String value) {
        return "OK".equals(call("SET NX", () -> commands.set(key, value, SetArgs.Builder.nx())));
    }

    void del(String key) {
        call("DEL", () -> commands.del(key));
    }

    /**
     * Runs a script on {@code key}: by digest, and in full only when the server answers NOSCRIPT (first use, after a
     * restart or a SCRIPT FLUSH, or on a Cluster node that has not seen it yet).
     */
    <T> T eval(RedisScript script, ScriptOutputType type, String key, String... args) {
        String[] keys = {key};
        return call(script.name(), () -> {
            try {
                return commands.evalsha(script.sha1(), type, keys, args);
            } catch (RedisNoScriptException e) {
                return commands.eval(script.source(), type, keys, args);
            }
        });
    }

    /** Round-trips a PING; throws {@link StorageUnavailableException} when Redis does not answer in time. */
    void ping() {
        String pong = call("PING", commands::ping);
        if (!"PONG".equals(pong)) {
            throw new StorageUnavailableException("Redis answered PING with " + pong, null);
        }
    }

    /** The underlying commands, for tests that inspect what the stores wrote. */
    RedisClusterCommands<String, String> commands() {
        return commands;
    }

    @Override
    public void close() {
        closed = true;
        shutdown.run();
    }

    private <T> T call(String command, Supplier<T> invocation) {
        if (closed) {
            // Requests still running while the application shuts down get a 503, not a 500.
            throw new StorageUnavailableException("the Redis connection is closed", null);
        }
        try {
            return invocation.get();
        } catch (RuntimeException e) {
            throw translate(command, e);
        }
    }

    /**
     * Failures of Redis itself (unreachable, disconnected, timed out, loading, read-only replica after a failover,
     * Cluster down) become {@link StorageUnavailableException}; anything else, such as a script error, is a bug and
     * stays as it is.
     */
    static RuntimeException translate(String command, RuntimeException e) {
        if (e instanceof StorageUnavailableException) {
            return e;
        }
        if (e instanceof RedisCommandExecutionException) {
            if (isTransientServerError((RedisCommandExecutionException) e)) {
                return new StorageUnavailableException("Redis cannot serve " + command + " now: " + e.getMessage(), e);
            }
            return e;
        }
        if (e instanceof RedisException || e instanceof CancellationException) {
            return new StorageUnavailableException("Redis is unavailable (" + command + "): " + e.getMessage(), e);
        }
        return e;
    }

    private static boolean isTransientServerError(RedisCommandExecutionException e) {
        if (e instanceof RedisLoadingException || e instanceof RedisBusyException
                || e instanceof RedisReadOnlyException) {
            return true;
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        for (String code : new String[] {"CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN", "OOM", "NOREPLICAS",
                "MISCONF"}) {
            if (message.startsWith(code)) {
                return true;
            }
        }
        return false;
    }

    /** Host and port (or the Sentinels), never the password. */
    private static String describe(RedisURI uri) {
        if (!uri.getSentinels().isEmpty()) {
            List<String> sentinels = new ArrayList<>();
            uri.getSentinels().forEach(s -> sentinels.add(s.getHost() + ":" + s.getPort()));
            return "master " + uri.getSentinelMasterId() + " via Sentinels " + sentinels;
        }
        return uri.getSocket() != null ? uri.getSocket() : uri.getHost() + ":" + uri.getPort();
    }
}
