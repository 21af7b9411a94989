package dev.mcpauth.application.port.out;

import dev.mcpauth.application.port.in.UpstreamClaims;

/**
 * Verifies a bearer JWT issued by the upstream identity provider of transparent mode: its signature against the
 * IdP's JWKS, a pinned asymmetric algorithm, and its {@code iss}, {@code aud}, {@code exp} and {@code nbf}.
 * Failures throw {@code OAuthException} with {@code invalid_token} and a description safe to show the client;
 * an IdP whose keys cannot be had (and none are cached) throws {@link UpstreamUnavailableException}.
 */
public interface UpstreamTokenVerifier {
    UpstreamClaims verify(String token);
}
