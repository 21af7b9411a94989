package dev.mcpauth.application.port.in;

/** Completes a logged-in pending authorization with the user's approval or denial. */
public interface DecideConsentUseCase {
    AuthorizationResponse decide(ConsentDecision decision);

    record ConsentDecision(String issuer, String requestId, String formCsrfToken, String cookieCsrfToken,
                           boolean approved) {
    }
}
