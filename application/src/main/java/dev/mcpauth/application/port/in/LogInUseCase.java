package dev.mcpauth.application.port.in;

/** Checks the login form of a pending authorization against the local users, with throttling. */
public interface LogInUseCase {
    LoginOutcome logIn(LogIn command);

    /**
     * @param remoteAddress the client address, for per-address throttling
     */
    record LogIn(String issuer, String requestId, String formCsrfToken, String cookieCsrfToken, String username,
                 char[] password, String remoteAddress) {
    }
}
