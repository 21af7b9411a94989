package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.IntrospectTokenUseCase;
import dev.mcpauth.application.port.out.AccessTokenVerifier;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.application.port.out.GrantStore;
import dev.mcpauth.application.port.out.PasswordHasher;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.grant.RefreshTokenFamily;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.token.AccessTokenClaims;
import dev.mcpauth.domain.token.RefreshToken;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** RFC 7662 introspection of mcpauth's own access and refresh tokens, for the client they were issued to. */
public final class IntrospectTokenService implements IntrospectTokenUseCase {
    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    private final ClientAuthenticator clientAuthenticator;
    private final GrantStore grants;
    private final AccessTokenVerifier accessTokens;
    private final Clock clock;

    public IntrospectTokenService(ClientRegistry clients, PasswordHasher passwords, GrantStore grants,
                                  AccessTokenVerifier accessTokens, Clock clock) {
        this.clientAuthenticator = new ClientAuthenticator(clients, passwords);
        this.grants = grants;
        this.accessTokens = accessTokens;
        this.clock = clock;
    }

    @Override
    public Map<String, Object> introspect(Introspection command) {
        Client client = clientAuthenticator.authenticate(command.client());
        if (command.token() == null || command.token().isEmpty()) {
            throw OAuthException.invalidRequest("token is required");
        }
        Instant now = clock.instant();
        Optional<RefreshToken> refresh = RefreshToken.parse(command.token());
        if (refresh.isPresent()) {
            return refreshToken(refresh.get(), client, command.issuer(), now).orElse(INACTIVE);
        }
        return accessToken(command.token(), client, command.issuer(), now).orElse(INACTIVE);
    }

    private Optional<Map<String, Object>> refreshToken(RefreshToken token, Client client, String issuer, Instant now) {
        return grants.find(token.grantId())
                .filter(Grant::isActive)
                .filter(grant -> grant.clientId().equals(client.id()))
                .filter(grant -> grant.family()
                        .map(family -> family.classify(token.hash(), now) == RefreshTokenFamily.Presented.CURRENT)
                        .orElse(false))
                .map(grant -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("active", true);
                    out.put("token_type", "refresh_token");
                    out.put("client_id", grant.clientId().value());
                    out.put("sub", grant.subject());
                    out.put("scope", grant.scopes().asString());
                    out.put("iss", issuer);
                    out.put("exp", grant.family().orElseThrow().currentExpiresAt().getEpochSecond());
                    return out;
                });
    }

    private Optional<Map<String, Object>> accessToken(String token, Client client, String issuer, Instant now) {
        return accessTokens.verify(token)
                .filter(claims -> claims.issuer().equals(issuer))
                .filter(claims -> !claims.isExpired(now))
                .filter(claims -> claims.clientId().equals(client.id()))
                .filter(claims -> claims.sessionId().map(sid -> grants.find(sid).map(Grant::isActive).orElse(false))
                        .orElse(true))
                .map(IntrospectTokenService::describe);
    }

    private static Map<String, Object> describe(AccessTokenClaims claims) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", true);
        out.put("token_type", "Bearer");
        out.put("client_id", claims.clientId().value());
        out.put("sub", claims.subject());
        out.put("scope", claims.scope().asString());
        out.put("aud", claims.audiences().stream().map(Audience::value).toList());
        out.put("iss", claims.issuer());
        out.put("exp", claims.expiresAt().getEpochSecond());
        out.put("iat", claims.issuedAt().getEpochSecond());
        out.put("jti", claims.jwtId());
        return out;
    }
}
