package dev.mcpauth.application.port.in;

import java.util.List;

/** The {@code refresh_token} grant with rotation (OAuth 2.1 §4.3). */
public interface RefreshAccessTokenUseCase {
    TokenResponse refresh(RefreshRequest command);

    record RefreshRequest(String issuer, ClientCredentials client, String refreshToken, String scope,
                          List<String> resources) {
        @Override
        public String toString() {
            return "RefreshRequest[" + client + "]";
        }
    }
}
