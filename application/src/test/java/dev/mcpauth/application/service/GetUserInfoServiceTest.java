package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.AuthenticateBearerUseCase.BearerToken;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.fixtures.TestClients;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.AccessTokenClaims;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.mcpauth.application.service.ServiceFixture.ALICE;
import static dev.mcpauth.application.service.ServiceFixture.ISSUER;
import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;

class GetUserInfoServiceTest {
    private final ServiceFixture fixture = new ServiceFixture();
    private final GetUserInfoService service = new GetUserInfoService(fixture.bearer(), fixture.users);

    @Test
    void userInfoWhenOnlySubjectScopeThenOnlySub() {
        assertEquals(Map.of("sub", ALICE), service.userInfo(token(ALICE, "openid")));
    }

    @Test
    void userInfoWhenProfileAndEmailScopesThenThoseClaims() {
        assertEquals(Map.of("sub", ALICE, "preferred_username", ALICE, "name", "Alice Example",
                "email", "alice@example.com"), service.userInfo(token(ALICE, "openid profile email")));
    }

    @Test
    void userInfoWhenSubjectNotALocalUserThenOnlySub() {
        assertEquals(Map.of("sub", "upstream|123"), service.userInfo(token("upstream|123", "profile email")));
    }

    @Test
    void userInfoWhenTokenInvalidThenInvalidToken() {
        assertOAuthError(OAuthError.INVALID_TOKEN,
                () -> service.userInfo(new BearerToken(ISSUER, "garbage", Optional.empty())));
    }

    private BearerToken token(String subject, String scope) {
        AccessTokenClaims claims = new AccessTokenClaims(ISSUER, subject, List.of(), fixture.clock.instant(),
                fixture.clock.instant().plusSeconds(60), "jti", new ClientId(TestClients.PUBLIC_CLIENT_ID),
                Scopes.parse(scope), Optional.empty());
        return new BearerToken(ISSUER, fixture.accessTokens.sign(claims), Optional.empty());
    }
}
