package dev.mcpauth.adapters.idp.jose;

import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.grant.GrantId;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.AccessTokenClaims;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps {@link AccessTokenClaims} to and from a JWT claims set (RFC 7519 §4.1, RFC 9068 §2.2): {@code aud} is
 * written as an array and read as a string or an array; {@code scope} is space-delimited and left out when empty;
 * {@code sid} only with a session.
 */
final class AccessTokenClaimsCodec {
    private AccessTokenClaimsCodec() {
    }

    static Map<String, Object> write(AccessTokenClaims claims) {
        Map<String, Object> json = new LinkedHashMap<>(16);
        json.put("iss", claims.issuer());
        json.put("sub", claims.subject());
        if (!claims.audiences().isEmpty()) {
            List<String> audiences = new ArrayList<>(claims.audiences().size());
            for (Audience audience : claims.audiences()) {
                audiences.add(audience.value());
            }
            json.put("aud", audiences);
        }
        json.put("exp", claims.expiresAt().getEpochSecond());
        json.put("iat", claims.issuedAt().getEpochSecond());
        json.put("jti", claims.jwtId());
        json.put("client_id", claims.clientId().value());
        if (!claims.scope().isEmpty()) {
            json.put("scope", claims.scope().asString());
        }
        claims.sessionId().ifPresent(sid -> json.put("sid", sid.value()));
        return json;
    }

    /**
     * Reads the claims back; empty when a required claim ({@code iss, sub, exp, iat, jti, client_id}) is missing or
     * any claim has the wrong type or an invalid value.
     */
    static Optional<AccessTokenClaims> read(Map<String, Object> json) {
        String issuer = string(json, "iss");
        String subject = string(json, "sub");
        Instant expiresAt = epochSeconds(json, "exp");
        Instant issuedAt = epochSeconds(json, "iat");
        String jwtId = string(json, "jti");
        String clientId = string(json, "client_id");
        if (issuer == null || subject == null || expiresAt == null || issuedAt == null || jwtId == null
                || clientId == null) {
            return Optional.empty();
        }
        List<Audience> audiences = audiences(json.get("aud"));
        if (audiences == null) {
            return Optional.empty();
        }
        Object scope = json.get("scope");
        if (scope != null && !(scope instanceof String)) {
            return Optional.empty();
        }
        Object sid = json.get("sid");
        if (sid != null && !(sid instanceof String)) {
            return Optional.empty();
        }
        // the domain types throw on invalid values; the caller turns that into an empty result
        return Optional.of(new AccessTokenClaims(
                issuer,
                subject,
                audiences,
                issuedAt,
                expiresAt,
                jwtId,
                new ClientId(clientId),
                Scopes.parse((String) scope),
                sid == null ? Optional.empty() : Optional.of(new GrantId((String) sid))));
    }

    private static String string(Map<String, Object> json, String name) {
        Object value = json.get(name);
        return value instanceof String ? (String) value : null;
    }

    private static Instant epochSeconds(Map<String, Object> json, String name) {
        Object value = json.get(name);
        if (value instanceof Long || value instanceof Integer) {
            return Instant.ofEpochSecond(((Number) value).longValue());
        }
        return null;
    }

    /** RFC 7519 §4.1.3: a string or an array of strings; absent means none. Null when malformed. */
    private static List<Audience> audiences(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String) {
            return List.of(new Audience((String) value));
        }
        if (!(value instanceof List)) {
            return null;
        }
        List<?> values = (List<?>) value;
        List<Audience> audiences = new ArrayList<>(values.size());
        for (Object each : values) {
            if (!(each instanceof String)) {
                return null;
            }
            audiences.add(new Audience((String) each));
        }
        return audiences;
    }
}
