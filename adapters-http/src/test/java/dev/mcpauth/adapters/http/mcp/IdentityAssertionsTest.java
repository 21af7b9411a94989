package dev.mcpauth.adapters.http.mcp;

import dev.mcpauth.application.port.out.IdentityAssertionSigner;
import dev.mcpauth.domain.app.McpApp;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.session.Principal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One identity assertion per caller and upstream, sent again for half its lifetime, then signed anew. */
class IdentityAssertionsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String ISSUER = "https://auth.example.com";
    private static final String UPSTREAM = "https://tools.example.com/mcp";
    private static final McpApp APP = new McpApp("main", "main", "/mcp", Scopes.of("mcp"));
    private static final McpCaller ALICE = caller(new Principal.Authenticated("alice", "client-a"), "client-a",
            Scopes.of("mcp", "profile"));

    private final MutableClock clock = new MutableClock(NOW);
    private final SigningCounter signer = new SigningCounter();
    private final IdentityAssertions assertions = new IdentityAssertions(signer, clock);

    private static McpCaller caller(Principal principal, String clientId, Scopes scopes) {
        return new McpCaller(APP, principal, clientId, scopes, List.of());
    }

    @Test
    void assertionForWhenSameCallerWithinHalfTheLifetimeThenTheSameAssertion() {
        String first = assertions.assertionFor(ISSUER, ALICE, UPSTREAM);
        clock.advance(IdentityAssertions.REUSE.minusMillis(1));

        String again = assertions.assertionFor(ISSUER, caller(new Principal.Authenticated("alice", "client-a"),
                "client-a", Scopes.of("mcp", "profile")), UPSTREAM);

        assertEquals(first, again);
        assertEquals(1, signer.signed.size());
        IdentityAssertionSigner.IdentityAssertion signed = signer.signed.get(0);
        assertEquals(NOW, signed.issuedAt());
        assertEquals(NOW.plus(IdentityAssertions.LIFETIME), signed.expiresAt());
        assertTrue(Duration.between(clock.instant(), signed.expiresAt()).compareTo(Duration.ofSeconds(30)) > 0,
                "an assertion sent again has more than half its lifetime left");
    }

    @Test
    void assertionForWhenHalfTheLifetimeIsOverThenAFreshAssertionWithANewJti() {
        String first = assertions.assertionFor(ISSUER, ALICE, UPSTREAM);
        clock.advance(IdentityAssertions.REUSE);

        String fresh = assertions.assertionFor(ISSUER, ALICE, UPSTREAM);

        assertNotEquals(first, fresh);
        assertEquals(2, signer.signed.size());
        assertEquals(clock.instant(), signer.signed.get(1).issuedAt());
        assertNotEquals(signer.signed.get(0).jwtId(), signer.signed.get(1).jwtId());
        assertEquals(fresh, assertions.assertionFor(ISSUER, ALICE, UPSTREAM), "and that one is sent again");
    }

    @Test
    void assertionForWhenAnythingTheAssertionSaysDiffersThenAnotherAssertion() {
        String alices = assertions.assertionFor(ISSUER, ALICE, UPSTREAM);
        List<String> others = List.of(
                assertions.assertionFor(ISSUER, caller(new Principal.Authenticated("bob", "client-a"), "client-a",
                        ALICE.scopes()), UPSTREAM),
                assertions.assertionFor(ISSUER, caller(ALICE.principal(), "client-b", ALICE.scopes()), UPSTREAM),
                assertions.assertionFor(ISSUER, caller(ALICE.principal(), "client-a", Scopes.of("mcp")), UPSTREAM),
                // the same scopes in another order: the assertion's scope claim must read like X-MCPAuth-Scopes
                assertions.assertionFor(ISSUER, caller(ALICE.principal(), "client-a", Scopes.of("profile", "mcp")),
                        UPSTREAM),
                assertions.assertionFor(ISSUER, caller(new Principal.Anonymous("alice"), "client-a", ALICE.scopes()),
                        UPSTREAM),
                assertions.assertionFor("https://other.example.com", ALICE, UPSTREAM),
                assertions.assertionFor(ISSUER, ALICE, "https://tools.example.com/other/mcp"));

        assertEquals(8, signer.signed.size());
        assertEquals(7, others.stream().distinct().count());
        assertFalse(others.contains(alices));
        assertEquals("profile mcp", signer.signed.get(4).scopes().asString());
        assertEquals(alices, assertions.assertionFor(ISSUER, ALICE, UPSTREAM));
    }

    @Test
    void assertionForWhenTheClockWentBackThenAFreshAssertion() {
        String first = assertions.assertionFor(ISSUER, ALICE, UPSTREAM);
        clock.advance(Duration.ofSeconds(-5));

        String after = assertions.assertionFor(ISSUER, ALICE, UPSTREAM);

        assertNotEquals(first, after);
        assertEquals(clock.instant(), signer.signed.get(1).issuedAt());
    }

    @Test
    void assertionForWhenStaleAssertionsLieAroundThenSweptAsNewOnesAreSigned() {
        assertions.assertionFor(ISSUER, ALICE, UPSTREAM);
        assertions.assertionFor(ISSUER, caller(ALICE.principal(), "client-b", ALICE.scopes()), UPSTREAM);
        clock.advance(Duration.ofMinutes(2));

        assertions.assertionFor(ISSUER, caller(new Principal.Authenticated("bob", "client-b"), "client-b",
                ALICE.scopes()), UPSTREAM);

        assertEquals(1, assertions.size());
    }

    @Test
    void assertionForWhenManyCallersThenTheMapStaysWithinItsCap() {
        int largest = 0;
        for (int i = 0; i < 3 * IdentityAssertions.MAX_ENTRIES; i++) {
            assertions.assertionFor(ISSUER, caller(new Principal.Anonymous("session-" + i), "client-a",
                    Scopes.of("mcp")), UPSTREAM);
            largest = Math.max(largest, assertions.size());
        }

        assertEquals(IdentityAssertions.MAX_ENTRIES, largest);
    }

    /** Signs with the test signer and keeps what it was asked to sign. */
    private static final class SigningCounter implements IdentityAssertionSigner {
        final List<IdentityAssertion> signed = new CopyOnWriteArrayList<>();
        private final GatewayServer.ReadableAssertions readable = new GatewayServer.ReadableAssertions();

        @Override
        public String sign(IdentityAssertion assertion) {
            signed.add(assertion);
            return readable.sign(assertion);
        }
    }
}
