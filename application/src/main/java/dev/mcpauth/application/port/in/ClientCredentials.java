package dev.mcpauth.application.port.in;

import dev.mcpauth.domain.client.TokenEndpointAuthMethod;

import java.util.Optional;

/** How a client presented itself at the token, revocation or introspection endpoint. */
public sealed interface ClientCredentials {
    String clientId();

    TokenEndpointAuthMethod method();

    Optional<String> secret();

    /** A public client naming itself with {@code client_id} (method {@code none}). */
    record None(String clientId) implements ClientCredentials {
        @Override
        public TokenEndpointAuthMethod method() {
            return TokenEndpointAuthMethod.NONE;
        }

        @Override
        public Optional<String> secret() {
            return Optional.empty();
        }
    }

    /** {@code client_secret_basic}: HTTP Basic (RFC 6749 §2.3.1). */
    record Basic(String clientId, String clientSecret) implements ClientCredentials {
        @Override
        public TokenEndpointAuthMethod method() {
            return TokenEndpointAuthMethod.CLIENT_SECRET_BASIC;
        }

        @Override
        public Optional<String> secret() {
            return Optional.of(clientSecret);
        }

        @Override
        public String toString() {
            return "Basic[" + clientId + "]";
        }
    }

    /** {@code client_secret_post}: credentials in the form body. */
    record Post(String clientId, String clientSecret) implements ClientCredentials {
        @Override
        public TokenEndpointAuthMethod method() {
            return TokenEndpointAuthMethod.CLIENT_SECRET_POST;
        }

        @Override
        public Optional<String> secret() {
            return Optional.of(clientSecret);
        }

        @Override
        public String toString() {
            return "Post[" + clientId + "]";
        }
    }
}
