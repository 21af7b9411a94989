package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.TokenResponse;
import dev.mcpauth.domain.fixtures.TestGrants;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.mode.SessionMode;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.AccessTokenClaims;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.mcpauth.application.service.ServiceFixture.ISSUER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class AccessTokenIssuerTest {
    private final ServiceFixture fixture = new ServiceFixture();
    private final Grant grant = TestGrants.grant().build();
    private final List<Audience> audiences = List.of(new Audience(TestSettings.FILES_RESOURCE));

    @Test
    void respondWhenStatefulThenClaimsNameTheGrant() {
        AccessTokenIssuer issuer = new AccessTokenIssuer(fixture.accessTokens, fixture.generator, fixture.clock,
                TestSettings.settings().sessionMode(SessionMode.STATEFUL).build());

        TokenResponse response = issuer.respond(ISSUER, grant, Scopes.of("files:read"), audiences,
                Optional.of("refresh"));

        AccessTokenClaims claims = fixture.accessTokens.claimsOf(response.accessToken());
        assertEquals(Optional.of(grant.id()), claims.sessionId());
        assertEquals(grant.subject(), claims.subject());
        assertEquals(grant.clientId(), claims.clientId());
        assertEquals(audiences, claims.audiences());
        assertEquals(fixture.clock.instant().plus(TestSettings.ACCESS_TOKEN_LIFETIME), claims.expiresAt());
        assertEquals(TestSettings.ACCESS_TOKEN_LIFETIME.toSeconds(), response.expiresInSeconds());
        assertEquals(Optional.of("refresh"), response.refreshToken());
        assertEquals(Scopes.of("files:read"), response.scope());
    }

    @Test
    void respondWhenStatelessThenNoSid() {
        AccessTokenIssuer issuer = new AccessTokenIssuer(fixture.accessTokens, fixture.generator, fixture.clock,
                TestSettings.settings().sessionMode(SessionMode.STATELESS).build());

        TokenResponse response = issuer.respond(ISSUER, grant, grant.scopes(), audiences, Optional.empty());

        assertEquals(Optional.empty(), fixture.accessTokens.claimsOf(response.accessToken()).sessionId());
    }

    @Test
    void respondWhenTwiceThenDistinctTokenIds() {
        AccessTokenIssuer issuer = fixture.tokenIssuer;

        assertNotEquals(
                fixture.accessTokens.claimsOf(issuer.respond(ISSUER, grant, grant.scopes(), audiences,
                        Optional.empty()).accessToken()).jwtId(),
                fixture.accessTokens.claimsOf(issuer.respond(ISSUER, grant, grant.scopes(), audiences,
                        Optional.empty()).accessToken()).jwtId());
    }
}
