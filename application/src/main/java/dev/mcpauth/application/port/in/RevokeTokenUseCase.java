package dev.mcpauth.application.port.in;

/** Token revocation (RFC 7009): revoking a refresh or access token revokes its whole grant. */
public interface RevokeTokenUseCase {
    void revoke(Revocation command);

    record Revocation(String issuer, ClientCredentials client, String token, String tokenTypeHint) {
        @Override
        public String toString() {
            return "Revocation[" + client + "]";
        }
    }
}
