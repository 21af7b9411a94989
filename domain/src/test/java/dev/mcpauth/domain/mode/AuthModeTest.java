package dev.mcpauth.domain.mode;

import dev.mcpauth.domain.scope.Scopes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthModeTest {

    @Test
    void labelWhenPublicThenPublicAndIssuesNoTokens() {
        AuthMode mode = new AuthMode.Public(Scopes.of("read"), Duration.ofHours(1));

        assertEquals("public", mode.label());
        assertFalse(mode.issuesTokens());
    }

    @Test
    void labelWhenTransparentThenTransparentAndIssuesNoTokens() {
        AuthMode mode = new AuthMode.Transparent("https://idp.example", Scopes.empty(), false);

        assertEquals("transparent", mode.label());
        assertFalse(mode.issuesTokens());
    }

    @Test
    void labelWhenOrchestratedLocalThenOrchestratedLocalAndIssuesTokens() {
        AuthMode mode = new AuthMode.OrchestratedLocal(SessionMode.STATEFUL);

        assertEquals("orchestrated/local", mode.label());
        assertTrue(mode.issuesTokens());
    }

    @Test
    void labelWhenOrchestratedRemoteThenOrchestratedRemoteAndIssuesTokens() {
        AuthMode mode = new AuthMode.OrchestratedRemote(SessionMode.STATELESS, List.of("okta"));

        assertEquals("orchestrated/remote", mode.label());
        assertTrue(mode.issuesTokens());
    }

    @Test
    void publicWhenSessionTtlNotPositiveThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AuthMode.Public(Scopes.empty(), Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new AuthMode.Public(Scopes.empty(), Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> new AuthMode.Public(Scopes.empty(), null));
    }

    @Test
    void orchestratedRemoteWhenNoProvidersThenRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new AuthMode.OrchestratedRemote(SessionMode.STATEFUL, List.of()));
    }

    @Test
    void orchestratedRemoteWhenProviderListChangesLaterThenModeUnaffected() {
        List<String> providers = new ArrayList<>(List.of("okta"));
        AuthMode.OrchestratedRemote mode = new AuthMode.OrchestratedRemote(SessionMode.STATEFUL, providers);
        providers.clear();

        assertEquals(List.of("okta"), mode.providerIds());
    }

    @Test
    void constructorsWhenRequiredPartMissingThenRefused() {
        assertThrows(NullPointerException.class, () -> new AuthMode.OrchestratedLocal(null));
        assertThrows(NullPointerException.class, () -> new AuthMode.Transparent(null, Scopes.empty(), true));
        assertThrows(NullPointerException.class, () -> new AuthMode.Public(null, Duration.ofHours(1)));
    }
}
