package dev.mcpauth.application.fakes;

import dev.mcpauth.application.port.out.AccessTokenVerifier;
import dev.mcpauth.application.port.out.TokenSigner;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.grant.GrantId;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.AccessTokenClaims;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Signs and verifies by encoding the claims in an opaque string (no cryptography: the JOSE signer is tested with the
 * idp adapter; these tests are about the use cases). The string has no dot, so it can never pass for a refresh
 * token, just as a JWT (two dots) cannot.
 */
public final class FakeAccessTokens implements TokenSigner, AccessTokenVerifier {
    private static final String PREFIX = "fake-at~";

    @Override
    public String sign(AccessTokenClaims claims) {
        String text = String.join("\n",
                claims.issuer(),
                claims.subject(),
                String.join(" ", claims.audiences().stream().map(Audience::value).toList()),
                Long.toString(claims.issuedAt().toEpochMilli()),
                Long.toString(claims.expiresAt().toEpochMilli()),
                claims.jwtId(),
                claims.clientId().value(),
                claims.scope().asString(),
                claims.sessionId().map(GrantId::value).orElse(""));
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<AccessTokenClaims> verify(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token.substring(PREFIX.length())),
                    StandardCharsets.UTF_8);
            String[] f = text.split("\n", -1);
            if (f.length != 9) {
                return Optional.empty();
            }
            List<Audience> audiences = f[2].isEmpty() ? List.of()
                    : Arrays.stream(f[2].split(" ")).map(Audience::new).toList();
            return Optional.of(new AccessTokenClaims(f[0], f[1], audiences, Instant.ofEpochMilli(Long.parseLong(f[3])),
                    Instant.ofEpochMilli(Long.parseLong(f[4])), f[5], new ClientId(f[6]), Scopes.parse(f[7]),
                    f[8].isEmpty() ? Optional.empty() : Optional.of(new GrantId(f[8]))));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    /** The claims of a token this fake signed; fails the test otherwise. */
    public AccessTokenClaims claimsOf(String token) {
        return verify(token).orElseThrow(() -> new AssertionError("not a token of ours: " + token));
    }
}
