package dev.mcpauth.application.service;

import dev.mcpauth.domain.fixtures.TestGrants;
import dev.mcpauth.domain.grant.Grant;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrantRevokerTest {
    private final ServiceFixture fixture = new ServiceFixture();
    private final GrantRevoker revoker =
            new GrantRevoker(fixture.grants, fixture.clock, TestSettings.REFRESH_TOKEN_LIFETIME);

    @Test
    void revokeWhenStoredThenRevokedWithNextVersion() {
        fixture.grants.add(TestGrants.grant().build());

        revoker.revoke(TestGrants.grant().build());

        Grant grant = fixture.grants.get(TestGrants.GRANT_ID);
        assertTrue(grant.isRevoked());
        assertEquals(1, grant.version());
        assertEquals(Optional.of(fixture.clock.instant()), grant.revokedAt());
    }

    @Test
    void revokeWhenNotStoredYetThenStoresTheTemplateRevoked() {
        revoker.revoke(TestGrants.grant().noRefreshToken().build());

        Grant grant = fixture.grants.get(TestGrants.GRANT_ID);
        assertTrue(grant.isRevoked());
        assertEquals(Optional.of(fixture.clock.instant().plus(TestSettings.REFRESH_TOKEN_LIFETIME)),
                fixture.grants.forgetAt(grant.id()));
        // the redemption in flight now cannot create it
        assertEquals(false, fixture.grants.create(TestGrants.grant().build(), fixture.clock.instant()));
    }

    @Test
    void revokeWhenAlreadyRevokedThenUnchanged() {
        fixture.grants.add(TestGrants.grant().build().revoke(fixture.clock.instant()));
        fixture.clock.advance(Duration.ofMinutes(1));

        revoker.revoke(TestGrants.grant().build());

        assertEquals(1, fixture.grants.get(TestGrants.GRANT_ID).version());
    }

    @Test
    void revokeWhenConcurrentUpdateWinsTheCompareAndSetThenRetriesAndRevokes() {
        fixture.grants.add(TestGrants.grant().build());
        String first = TestGrants.refreshToken(TestGrants.GRANT_ID, "first").value();
        // a refresh rotates the grant between the revoker's read and its write
        fixture.grants.beforeNextReplace(grant -> fixture.refresh().refresh(ServiceFixture.refreshRequest(first)));

        revoker.revoke(TestGrants.grant().build());

        Grant grant = fixture.grants.get(TestGrants.GRANT_ID);
        assertTrue(grant.isRevoked());
        assertEquals(2, grant.version(), "rotated, then revoked");
    }

    @Test
    void revokeWhenCreateRacesWithTheFirstRedemptionThenRevokesWhatItCreated() {
        // the redemption creates the grant between the revoker's failed find and its create
        fixture.grants.beforeNextCreate(template -> fixture.grants.add(TestGrants.grant().build()));

        revoker.revoke(TestGrants.grant().noRefreshToken().build());

        Grant grant = fixture.grants.get(TestGrants.GRANT_ID);
        assertTrue(grant.isRevoked());
        assertTrue(grant.family().isPresent(), "the redemption's grant, not the template");
    }
}
