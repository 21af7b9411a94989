package dev.mcpauth.adapters.storage.redis;

/**
 * Scripts shared by the stores that keep a record as a hash of {@code forgetAt} (epoch millis), {@code data} (JSON)
 * and, per store, a few more fields.
 */
final class RecordScripts {
    static final String FORGET_AT = "forgetAt";
    static final String DATA = "data";

    /**
     * Replaces the record with the given fields and sets its TTL in one step, so that no record is ever left without
     * a TTL. KEYS[1] the record; ARGV[1] the TTL in ms, then field, value pairs.
     */
    static final RedisScript PUT = new RedisScript("put", """
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], unpack(ARGV, 2))
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return 1
            """);

    private RecordScripts() {
    }
}
