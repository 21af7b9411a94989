package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.grant.GrantId;
import dev.mcpauth.domain.session.SessionId;
import dev.mcpauth.domain.token.TokenHash;

import java.util.Objects;

/**
 * The key layout: every key starts with the configured prefix, and a record's identity sits in a hash tag
 * ({@code {...}}) so that Redis Cluster places each record by its id. Identities are escaped inside the tag so that
 * a brace in an id can neither end the tag early nor make two records share a key.
 */
final class RedisKeys {
    static final String DEFAULT_PREFIX = "mcpauth:";

    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = checkPrefix(prefix);
    }

    static String checkPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            // A brace in the prefix would become (part of) every key's hash tag.
            throw new IllegalArgumentException("the Redis key prefix must not contain { or }");
        }
        return prefix;
    }

    String prefix() {
        return prefix;
    }

    /** {@code <prefix>grant:{<grant id>}}, a hash. */
    String grant(GrantId id) {
        return tagged("grant:", id.value());
    }

    /** {@code <prefix>code:{<code hash>}}, a hash. */
    String code(TokenHash hash) {
        return tagged("code:", hash.value());
    }

    /** {@code <prefix>used:{<token hash>}}, a string holding its forgetAt (epoch millis). */
    String usedToken(TokenHash hash) {
        return tagged("used:", hash.value());
    }

    /** {@code <prefix>pending:{<request id>}}, a hash. */
    String pending(String id) {
        return tagged("pending:", id);
    }

    /** {@code <prefix>session:{<session id>}}, a hash. */
    String session(SessionId id) {
        return tagged("session:", id.value());
    }

    /** {@code <prefix>consent:{<subject>}:<client id>}, a hash; the client id follows the tag, so needs no escaping. */
    String consent(String subject, ClientId clientId) {
        return tagged("consent:", subject) + ":" + clientId.value();
    }

    /** {@code <prefix>failures:{<counter key>}}, a hash. */
    String failures(String key) {
        return tagged("failures:", key);
    }

    /** {@code <prefix>clients:{dynamic}}, one hash of every dynamic client by client id. */
    String dynamicClients() {
        return prefix + "clients:{dynamic}";
    }

    /** {@code <prefix>keyring}, a string. */
    String keyRing() {
        return prefix + "keyring";
    }

    private String tagged(String kind, String id) {
        return prefix + kind + "{" + escape(id) + "}";
    }

    /** Percent-escapes the tag's delimiters and the escape character itself, so that escaping stays reversible. */
    static String escape(String id) {
        if (id.indexOf('%') < 0 && id.indexOf('{') < 0 && id.indexOf('}') < 0) {
            return id;
        }
        StringBuilder escaped = new StringBuilder(id.length() + 8);
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            switch (c) {
                case '%' -> escaped.append("%25");
                case '{' -> escaped.append("%7B");
                case '}' -> escaped.append("%7D");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
