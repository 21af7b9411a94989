package dev.mcpauth.application.port.in;

import java.util.List;

/**
 * The parameters of a request to the authorization endpoint, as received (OAuth 2.1 §4.1.1). Each may be null;
 * a parameter given twice is reported in {@code repeated} and refused (RFC 6749 §3.1).
 *
 * @param issuer the issuer (base URL) the request reached
 */
public record AuthorizationRequest(
        String issuer,
        String responseType,
        String clientId,
        String redirectUri,
        String scope,
        String state,
        String codeChallenge,
        String codeChallengeMethod,
        List<String> resources,
        List<String> repeated) {
}
