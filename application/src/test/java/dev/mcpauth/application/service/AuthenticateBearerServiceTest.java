package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.AuthenticateBearerUseCase.BearerToken;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.fixtures.TestClients;
import dev.mcpauth.domain.fixtures.TestGrants;
import dev.mcpauth.domain.grant.GrantId;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.AccessTokenClaims;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.mcpauth.application.service.ServiceFixture.ISSUER;
import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthenticateBearerServiceTest {
    private static final Audience FILES = new Audience(TestSettings.FILES_RESOURCE);
    private static final Audience DOCS = new Audience(TestSettings.DOCS_RESOURCE);

    private final ServiceFixture fixture = new ServiceFixture();
    private final AuthenticateBearerService service = fixture.bearer();

    AuthenticateBearerServiceTest() {
        fixture.grants.add(TestGrants.grant().build());
    }

    @Test
    void authenticateWhenValidThenClaims() {
        AccessTokenClaims claims = claims(ISSUER, fixture.clock.instant().plusSeconds(300),
                Optional.of(new GrantId(TestGrants.GRANT_ID)));

        assertEquals(claims, service.authenticate(bearer(claims, Optional.of(FILES))));
    }

    @Test
    void authenticateWhenNoAudienceRequiredThenAnyOfOursAccepted() {
        AccessTokenClaims claims = claims(ISSUER, fixture.clock.instant().plusSeconds(300), Optional.empty());

        assertEquals(claims, service.authenticate(bearer(claims, Optional.empty())));
    }

    @Test
    void authenticateWhenWrongIssuerThenInvalidToken() {
        AccessTokenClaims claims = claims("https://other.example", fixture.clock.instant().plusSeconds(300),
                Optional.empty());

        OAuthException e = assertOAuthError(OAuthError.INVALID_TOKEN, "the access token is invalid",
                () -> service.authenticate(bearer(claims, Optional.empty())));
        assertEquals(401, e.error().httpStatus());
        assertTrue(e.detail().contains("https://other.example"));
    }

    @Test
    void authenticateWhenExpiredThenInvalidToken() {
        AccessTokenClaims claims = claims(ISSUER, fixture.clock.instant().plusSeconds(300), Optional.empty());
        fixture.clock.advance(Duration.ofSeconds(300));

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token expired",
                () -> service.authenticate(bearer(claims, Optional.empty())));
    }

    @Test
    void authenticateWhenWrongAudienceThenInvalidToken() {
        AccessTokenClaims claims = claims(ISSUER, fixture.clock.instant().plusSeconds(300), Optional.empty());

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token is not for this resource",
                () -> service.authenticate(bearer(claims, Optional.of(DOCS))));
    }

    @Test
    void authenticateWhenGrantRevokedThenInvalidToken() {
        AccessTokenClaims claims = claims(ISSUER, fixture.clock.instant().plusSeconds(300),
                Optional.of(new GrantId(TestGrants.GRANT_ID)));
        var grant = fixture.grants.get(TestGrants.GRANT_ID);
        fixture.grants.replace(grant.revoke(fixture.clock.instant()), grant.version(), Instant.MAX);

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token was revoked",
                () -> service.authenticate(bearer(claims, Optional.of(FILES))));
    }

    @Test
    void authenticateWhenGrantUnknownThenInvalidToken() {
        AccessTokenClaims claims = claims(ISSUER, fixture.clock.instant().plusSeconds(300),
                Optional.of(new GrantId("forgotten")));

        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token was revoked",
                () -> service.authenticate(bearer(claims, Optional.empty())));
    }

    @Test
    void authenticateWhenSignatureOrFormatBadThenInvalidToken() {
        assertOAuthError(OAuthError.INVALID_TOKEN, "the access token is invalid",
                () -> service.authenticate(new BearerToken(ISSUER, "not-a-token", Optional.empty())));
        String tampered = fixture.accessTokens.sign(claims(ISSUER, fixture.clock.instant().plusSeconds(300),
                Optional.empty())) + "x";
        assertFalse(fixture.accessTokens.verify(tampered).isPresent());
        assertOAuthError(OAuthError.INVALID_TOKEN,
                () -> service.authenticate(new BearerToken(ISSUER, tampered, Optional.empty())));
    }

    @Test
    void authenticateWhenNoTokenThenInvalidToken() {
        assertOAuthError(OAuthError.INVALID_TOKEN, "an access token is required",
                () -> service.authenticate(new BearerToken(ISSUER, null, Optional.empty())));
        assertOAuthError(OAuthError.INVALID_TOKEN, "an access token is required",
                () -> service.authenticate(new BearerToken(ISSUER, "", Optional.empty())));
    }

    private AccessTokenClaims claims(String issuer, Instant expiresAt, Optional<GrantId> sid) {
        Instant now = fixture.clock.instant();
        return new AccessTokenClaims(issuer, "alice", List.of(FILES), now, expiresAt, "jti-1",
                new ClientId(TestClients.PUBLIC_CLIENT_ID), Scopes.of("files:read"), sid);
    }

    private BearerToken bearer(AccessTokenClaims claims, Optional<Audience> audience) {
        return new BearerToken(ISSUER, fixture.accessTokens.sign(claims), audience);
    }
}
