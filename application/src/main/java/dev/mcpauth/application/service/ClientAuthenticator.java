package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.ClientCredentials;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.application.port.out.PasswordHasher;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.client.TokenEndpointAuthMethod;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.token.TokenHash;

import java.util.Optional;

/**
 * Authenticates a client at the token, revocation and introspection endpoints (OAuth 2.1 §2.4): the method used must
 * be the one registered, and a secret must verify against the stored hash. Every failure is {@code invalid_client}.
 */
final class ClientAuthenticator {
    /** Prefix of hashes of generated secrets: high-entropy, so SHA-256 is enough (see {@link TokenHash}). */
    static final String GENERATED_SECRET_PREFIX = "sha256:";

    private final ClientRegistry clients;
    private final PasswordHasher passwords;

    ClientAuthenticator(ClientRegistry clients, PasswordHasher passwords) {
        this.clients = clients;
        this.passwords = passwords;
    }

    Client authenticate(ClientCredentials credentials) {
        if (credentials == null || credentials.clientId() == null || credentials.clientId().isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_CLIENT, "client authentication failed",
                    "no client_id in the request");
        }
        Optional<Client> found = findClient(credentials.clientId());
        if (found.isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_CLIENT, "client authentication failed",
                    "unknown client " + credentials.clientId());
        }
        Client client = found.get();
        TokenEndpointAuthMethod used = credentials.method();
        if (used != client.authMethod()) {
            throw new OAuthException(OAuthError.INVALID_CLIENT, "client authentication failed",
                    "client " + client.id() + " is registered for " + client.authMethod().value() + " but used "
                            + used.value());
        }
        String secret = credentials.secret().orElse(null);
        if (secret != null && !secretMatches(secret, client.secretHash().orElseThrow())) {
            throw new OAuthException(OAuthError.INVALID_CLIENT, "client authentication failed",
                    "wrong secret for client " + client.id());
        }
        return client;
    }

    /** Hashes a generated client secret for storage. */
    static String hashGeneratedSecret(String secret) {
        return GENERATED_SECRET_PREFIX + TokenHash.of(secret).value();
    }

    private boolean secretMatches(String secret, String storedHash) {
        if (storedHash.startsWith(GENERATED_SECRET_PREFIX)) {
            String stored = storedHash.substring(GENERATED_SECRET_PREFIX.length());
            return stored.length() == 43 && TokenHash.of(secret).matches(new TokenHash(stored));
        }
        return passwords.verify(secret.toCharArray(), storedHash);
    }

    private Optional<Client> findClient(String clientId) {
        try {
            return clients.find(new ClientId(clientId));
        } catch (OAuthException malformed) {
            return Optional.empty();
        }
    }
}
