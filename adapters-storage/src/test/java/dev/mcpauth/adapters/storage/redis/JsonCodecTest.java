package dev.mcpauth.adapters.storage.redis;

import dev.mcpauth.adapters.storage.contract.MutableClock;
import dev.mcpauth.domain.authorization.PendingAuthorization;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.client.ClientKind;
import dev.mcpauth.domain.client.RedirectUri;
import dev.mcpauth.domain.client.TokenEndpointAuthMethod;
import dev.mcpauth.domain.consent.Consent;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.grant.GrantId;
import dev.mcpauth.domain.grant.RefreshTokenFamily;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.session.Principal;
import dev.mcpauth.domain.session.Session;
import dev.mcpauth.domain.session.SessionId;
import dev.mcpauth.domain.token.AuthorizationCode;
import dev.mcpauth.domain.token.TokenHash;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.mcpauth.adapters.storage.contract.TestAuthorizationCodes.code;
import static dev.mcpauth.adapters.storage.contract.TestPendingAuthorizations.pending;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonCodecTest {
    /** Not on a millisecond: instants must survive to the nanosecond. */
    private static final Instant NOW = MutableClock.START.plusNanos(123_456_789);

    @Test
    void codeWhenRoundTrippedThenEqualWithTheRedeemedFlagGivenBeside() {
        AuthorizationCode code = code("code-1", NOW);

        assertEquals(code, JsonCodec.decodeCode(JsonCodec.encode(code), false));
        assertEquals(code.redeem(), JsonCodec.decodeCode(JsonCodec.encode(code), true));
    }

    @Test
    void grantWhenRevokedWithRotatedFamilyThenRoundTripsWithTheVersionGivenBeside() {
        RefreshTokenFamily family = new RefreshTokenFamily(TokenHash.of("r-3"), NOW.plus(Duration.ofDays(30)),
                List.of(TokenHash.of("r-2"), TokenHash.of("r-1")));
        Grant grant = new Grant(new GrantId("grant-1"), new ClientId("https://client.example.com/metadata.json"),
                "alice@example.com", Scopes.of("read", "write"), List.of(new Audience("https://mcp.example.com/a"),
                new Audience("https://mcp.example.com/b")), NOW, NOW.plusSeconds(5), family, 7);

        Grant decoded = JsonCodec.decodeGrant(JsonCodec.encode(grant), 7);

        assertEquals(grant.id(), decoded.id());
        assertEquals(grant.clientId(), decoded.clientId());
        assertEquals(grant.subject(), decoded.subject());
        assertEquals(List.of("read", "write"), List.copyOf(decoded.scopes().values()));
        assertEquals(grant.audiences(), decoded.audiences());
        assertEquals(grant.createdAt(), decoded.createdAt());
        assertEquals(grant.revokedAt(), decoded.revokedAt());
        assertEquals(7, decoded.version());
        RefreshTokenFamily decodedFamily = decoded.family().orElseThrow();
        assertEquals(family.current(), decodedFamily.current());
        assertEquals(family.currentExpiresAt(), decodedFamily.currentExpiresAt());
        assertEquals(family.rotated(), decodedFamily.rotated());
    }

    @Test
    void grantWhenNoRefreshTokenAndNotRevokedThenRoundTripsWithoutEither() {
        Grant grant = Grant.issue(new GrantId("grant-1"), new ClientId("client-1"), "alice", Scopes.empty(),
                List.of(), Optional.empty(), NOW, Duration.ofDays(30));

        Grant decoded = JsonCodec.decodeGrant(JsonCodec.encode(grant), 0);

        assertEquals(Optional.empty(), decoded.family());
        assertEquals(Optional.empty(), decoded.revokedAt());
        assertTrue(decoded.scopes().isEmpty());
        assertEquals(List.of(), decoded.audiences());
    }

    @Test
    void pendingWhenStateMissingAndSubjectSetThenRoundTrips() {
        PendingAuthorization base = pending("request-1", NOW.plusSeconds(600));
        PendingAuthorization noState = new PendingAuthorization(base.id(), base.clientId(), base.redirectUri(), false,
                null, base.challenge(), base.scopes(), base.audiences(), base.csrfToken(), base.expiresAt(),
                Optional.of("alice"));

        assertEquals(noState, JsonCodec.decodePending(JsonCodec.encode(noState)));
        assertEquals(base, JsonCodec.decodePending(JsonCodec.encode(base)));
    }

    @Test
    void sessionWhenAnonymousOrAuthenticatedAndEndedThenRoundTrips() {
        Session anonymous = Session.start(new SessionId("s-1"), new Principal.Anonymous("anon-1"), Scopes.empty(),
                NOW, NOW.plusSeconds(3600));
        Session ended = Session.start(new SessionId("s-2"), new Principal.Authenticated("alice", "client-1"),
                Scopes.of("read"), NOW, NOW.plusSeconds(3600)).end();

        for (Session session : List.of(anonymous, ended)) {
            Session decoded = JsonCodec.decodeSession(JsonCodec.encode(session));
            assertEquals(session.id(), decoded.id());
            assertEquals(session.principal(), decoded.principal());
            assertEquals(session.scopes(), decoded.scopes());
            assertEquals(session.createdAt(), decoded.createdAt());
            assertEquals(session.expiresAt(), decoded.expiresAt());
            assertEquals(session.isEnded(), decoded.isEnded());
        }
    }

    @Test
    void consentWhenNonAsciiSubjectThenRoundTrips() {
        Consent consent = new Consent("zoë \"the\" \\ user\n", new ClientId("client-1"), Scopes.of("read"));

        assertEquals(consent, JsonCodec.decodeConsent(JsonCodec.encode(consent)));
    }

    @Test
    void clientWhenConfidentialWithSeveralRedirectUrisThenRoundTripsKeepingTheSecretHashOnly() {
        Client client = new Client(new ClientId("client-1"), Optional.of("$argon2id$v=19$m=19456,t=2,p=1$salt$hash"),
                List.of(new RedirectUri("https://app.example.com/cb"), new RedirectUri("http://127.0.0.1/cb")),
                TokenEndpointAuthMethod.CLIENT_SECRET_POST, "Ünïcode App", Scopes.of("read"), ClientKind.DYNAMIC,
                NOW);
        Client metadataDocument = new Client(new ClientId("https://app.example.com/client.json"), Optional.empty(),
                List.of(new RedirectUri("com.example.app:/cb")), TokenEndpointAuthMethod.NONE, null, null,
                ClientKind.METADATA_DOCUMENT, NOW);

        assertEquals(client, JsonCodec.decodeClient(JsonCodec.encode(client)));
        assertEquals(metadataDocument, JsonCodec.decodeClient(JsonCodec.encode(metadataDocument)));
    }

    @Test
    void decodeWhenFieldsUnknownToThisVersionThenSkipsThem() {
        String newer = "{\"subject\":\"alice\",\"clientId\":\"client-1\",\"scopes\":[\"read\"],"
                + "\"addedLater\":{\"nested\":[1,2.5,{\"deep\":null}],\"flag\":true}}";

        assertEquals(new Consent("alice", new ClientId("client-1"), Scopes.of("read")), JsonCodec.decodeConsent(newer));
    }

    @Test
    void decodeWhenCorruptThenIllegalState() {
        assertThrows(IllegalStateException.class, () -> JsonCodec.decodeConsent("not json"));
        assertThrows(IllegalStateException.class, () -> JsonCodec.decodeConsent("[]"));
        assertThrows(IllegalStateException.class, () -> JsonCodec.decodeConsent("{\"subject\":\"alice\"}"));
        assertThrows(IllegalStateException.class,
                () -> JsonCodec.decodeConsent("{\"subject\":1,\"clientId\":\"c\",\"scopes\":[]}"));
        assertThrows(IllegalStateException.class,
                () -> JsonCodec.decodeConsent("{\"subject\":\"a\",\"clientId\":\"c\",\"scopes\":[]} {}"));
        assertThrows(IllegalStateException.class, () -> JsonCodec.decodeSession(null));
    }

    @Test
    void encodeWhenCodeThenHoldsItsHashButNeverItsValue() {
        AuthorizationCode fixture = code("the-code-value", NOW);
        // The fixture names its grant after the code value; a real grant id is random.
        String json = JsonCodec.encode(new AuthorizationCode(fixture.hash(), fixture.clientId(),
                fixture.redirectUri(), fixture.redirectUriInRequest(), fixture.challenge(), fixture.scopes(),
                fixture.audiences(), fixture.subject(), new GrantId("grant-7"), fixture.issuedAt(),
                fixture.expiresAt(), false));

        assertFalse(json.contains("the-code-value"));
        assertTrue(json.contains(TokenHash.of("the-code-value").value()));
    }
}
