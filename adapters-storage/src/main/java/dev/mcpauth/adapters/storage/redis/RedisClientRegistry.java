package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.client.ClientId;
import io.lettuce.core.ScriptOutputType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The static clients given at startup, in memory, and the dynamic ones (RFC 7591) in Redis, shared by every instance.
 * Dynamic clients have no expiry, as in memory; the registration cap bounds them.
 *
 * <p>A registration never changes once stored (there is no update or delete), so each instance keeps the dynamic
 * clients it has read: every token request looks its client up, and this saves that round trip to Redis. Only clients
 * found are kept (one registered later on another instance is read when first asked for), and at most
 * {@value #MAX_REMEMBERED} of them.
 */
final class RedisClientRegistry implements ClientRegistry {
    /**
     * All dynamic clients live in one hash, so that its size is the count the cap is checked against and the check
     * and the insert are one step on one key: the cap holds across instances, and on a Cluster too.
     * KEYS[1] the hash; ARGV: client id, data, cap. Returns 1 when registered.
     */
    private static final RedisScript REGISTER = new RedisScript("register dynamic client", """
            if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
              return 0
            end
            if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then
              return 0
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return 1
            """);

    static final int MAX_REMEMBERED = 10_000;

    private final Map<ClientId, Client> staticClients;
    private final Map<ClientId, Client> remembered = new ConcurrentHashMap<>();
    private final RedisGateway redis;
    private final RedisKeys keys;

    /** @throws IllegalArgumentException when two static clients share an id */
    RedisClientRegistry(List<Client> staticClients, RedisGateway redis, RedisKeys keys) {
        Map<ClientId, Client> byId = new HashMap<>();
        for (Client client : staticClients) {
            if (byId.putIfAbsent(client.id(), client) != null) {
                throw new IllegalArgumentException("two static clients have the client_id " + client.id());
            }
        }
        this.staticClients = Map.copyOf(byId);
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public Optional<Client> find(ClientId id) {
        Client client = staticClients.get(id);
        if (client != null) {
            return Optional.of(client);
        }
        client = remembered.get(id);
        if (client != null) {
            return Optional.of(client);
        }
        String stored = redis.hget(keys.dynamicClients(), id.value());
        if (stored == null) {
            return Optional.empty();
        }
        client = JsonCodec.decodeClient(stored);
        remember(client);
        return Optional.of(client);
    }

    private void remember(Client client) {
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear(); // rare (the registration cap is usually lower): start over rather than track use
        }
        remembered.put(client.id(), client);
    }

    /** Also false, storing nothing, when a client with the same id exists already. */
    @Override
    public boolean registerDynamic(Client client, int maxDynamicClients) {
        if (staticClients.containsKey(client.id())) {
            return false;
        }
        Long registered = redis.eval(REGISTER, ScriptOutputType.INTEGER, keys.dynamicClients(),
                client.id().value(), JsonCodec.encode(client), Integer.toString(maxDynamicClients));
        return registered == 1L;
    }
}
