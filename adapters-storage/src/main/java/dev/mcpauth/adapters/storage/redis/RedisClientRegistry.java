package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.client.ClientId;
import io.lettuce.core.ScriptOutputType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The static clients given at startup, in memory, and the dynamic ones (RFC 7591) in Redis, shared by every instance.
 * Dynamic clients have no expiry, as in memory; the registration cap bounds them.
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

    private final Map<ClientId, Client> staticClients;
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
        String stored = redis.hget(keys.dynamicClients(), id.value());
        return stored == null ? Optional.empty() : Optional.of(JsonCodec.decodeClient(stored));
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
