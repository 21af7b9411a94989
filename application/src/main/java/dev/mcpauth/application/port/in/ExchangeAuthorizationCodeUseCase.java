package dev.mcpauth.application.port.in;

import java.util.List;

/** The {@code authorization_code} grant (OAuth 2.1 §4.1.3). */
public interface ExchangeAuthorizationCodeUseCase {
    TokenResponse exchange(CodeExchange command);

    record CodeExchange(String issuer, ClientCredentials client, String code, String redirectUri,
                        String codeVerifier, List<String> resources) {
        @Override
        public String toString() {
            return "CodeExchange[" + client + "]";
        }
    }
}
