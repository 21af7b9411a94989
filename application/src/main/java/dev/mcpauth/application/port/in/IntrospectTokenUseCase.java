package dev.mcpauth.application.port.in;

import java.util.Map;

/**
 * Token introspection (RFC 7662 §2): a client learns whether a token issued to it is active, and its claims.
 * Tokens that are invalid, expired, revoked or another client's are {@code {"active": false}} alike.
 */
public interface IntrospectTokenUseCase {
    Map<String, Object> introspect(Introspection command);

    record Introspection(String issuer, ClientCredentials client, String token, String tokenTypeHint) {
        @Override
        public String toString() {
            return "Introspection[" + client + "]";
        }
    }
}
