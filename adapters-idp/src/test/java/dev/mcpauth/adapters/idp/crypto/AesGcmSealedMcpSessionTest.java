package dev.mcpauth.adapters.idp.crypto;

import dev.mcpauth.application.port.in.ResumeMcpSessionUseCase.SessionRequest;
import dev.mcpauth.application.port.in.StartMcpSessionUseCase.NewSession;
import dev.mcpauth.application.service.ResumeSealedMcpSessionService;
import dev.mcpauth.application.service.StartSealedMcpSessionService;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.session.Principal;
import dev.mcpauth.domain.session.Session;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stateless MCP session ids sealed by the real AES-GCM sealer: visible ASCII, and how much fits in 128 characters. */
class AesGcmSealedMcpSessionTest {
    private static final Principal ALICE = new Principal.Authenticated("alice", "public-client");

    private final Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final AesGcmSecretSealer sealer = AesGcmSecretSealer.generate();
    private final StartSealedMcpSessionService start = new StartSealedMcpSessionService(sealer, clock);
    private final ResumeSealedMcpSessionService resume = new ResumeSealedMcpSessionService(sealer, clock);

    private Session startFor(Principal principal, String scope) {
        return start.start(new NewSession(principal, Scopes.parse(scope), clock.instant().plus(Duration.ofHours(8))));
    }

    @Test
    void startWhenNoScopesThenA69CharacterId() {
        assertEquals(69, startFor(ALICE, "").id().value().length());
    }

    @Test
    void startWhenScopesOfUpTo44CharactersThenTheIdFitsIn128Characters() {
        for (String scope : List.of("files:read", "openid files:read files:write docs:read",
                "openid files:read files:write docs:read xx:y")) {
            Session session = startFor(ALICE, scope);

            String id = session.id().value();
            assertTrue(id.length() <= 128, id.length() + " characters for " + scope);
            assertTrue(id.chars().allMatch(c -> c >= 0x21 && c <= 0x7e), id);
            assertEquals(Optional.of(session.expiresAt()),
                    resume.resume(new SessionRequest(id, ALICE)).map(Session::expiresAt));
        }
    }

    @Test
    void startWhenManyScopesThenTheSealedIdStaysWithinTheSessionIdLimit() {
        String id = startFor(ALICE, "openid profile email offline_access files:read files:write").id().value();

        assertTrue(id.length() <= 1024, id);
    }

    @Test
    void resumeWhenAfterKeyRotationWithTheOldKeyKeptThenStillOpens() {
        byte[] oldKey = new byte[32];
        byte[] newKey = new byte[32];
        newKey[0] = 1;
        String id = new StartSealedMcpSessionService(new AesGcmSecretSealer(oldKey, List.of()), clock)
                .start(new NewSession(ALICE, Scopes.of("files:read"), clock.instant().plusSeconds(60))).id().value();

        ResumeSealedMcpSessionService rotated =
                new ResumeSealedMcpSessionService(new AesGcmSecretSealer(newKey, List.of(oldKey)), clock);

        assertTrue(rotated.resume(new SessionRequest(id, ALICE)).isPresent());
        assertEquals(Optional.empty(), rotated.resume(new SessionRequest(id,
                new Principal.Authenticated("bob", "public-client"))));
    }
}
