package dev.mcpauth.adapters.idp.upstream;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpstreamIdpSettingsTest {
    private static final String ISSUER = "https://idp.example.com/";
    private static final List<String> AUDIENCES = List.of("https://mcp.example.com/mcp");

    @Test
    void ofWhenBuiltThenDefaults() {
        UpstreamIdpSettings settings = UpstreamIdpSettings.of(ISSUER, AUDIENCES);

        assertEquals(Duration.ofSeconds(60), settings.clockSkew());
        assertEquals(Duration.ofSeconds(30), settings.refetchMinInterval());
        assertEquals(Duration.ofHours(6), settings.cacheTtl());
        assertEquals(Duration.ofHours(24), settings.staleGrace());
        assertEquals(Duration.ofSeconds(5), settings.fetchTimeout());
        assertEquals(1024 * 1024, settings.maxDocumentBytes());
        assertEquals(Optional.empty(), settings.jwks());
        assertEquals(Optional.empty(), settings.jwksUri());
        assertTrue(settings.additionalIssuers().isEmpty());
    }

    @Test
    void constructorWhenNoAudienceThenRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UpstreamIdpSettings.of(ISSUER, List.of()));
        assertTrue(e.getMessage().contains("audience"));
    }

    @Test
    void constructorWhenNoIssuerThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> UpstreamIdpSettings.of(" ", AUDIENCES));
    }

    @Test
    void constructorWhenJwksUriPlainHttpOnAPublicHostThenRefused() {
        UpstreamIdpSettings settings = UpstreamIdpSettings.of(ISSUER, AUDIENCES);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings.withJwksUri(URI.create("http://idp.example.com/jwks")));
        assertTrue(e.getMessage().contains("jwks-uri"));
        settings.withJwksUri(URI.create("http://127.0.0.1:9000/jwks"));
    }

    @Test
    void verifierWhenDiscoveryNeededOnPlainHttpIssuerThenRefused() {
        Clock clock = Clock.systemUTC();

        assertThrows(IllegalArgumentException.class,
                () -> new UpstreamJwtVerifier(UpstreamIdpSettings.of("http://idp.example.com", AUDIENCES), clock));
        assertThrows(IllegalArgumentException.class,
                () -> new UpstreamJwtVerifier(UpstreamIdpSettings.of("not a url", AUDIENCES), clock));
        // with the keys configured, the issuer is only compared, never fetched
        new UpstreamJwtVerifier(UpstreamIdpSettings.of("urn:example:idp", AUDIENCES)
                .withJwksUri(URI.create("https://idp.example.com/jwks")), clock);
    }

    @Test
    void constructorWhenBothInlineJwksAndJwksUriThenRefused() {
        UpstreamIdpSettings withUri = UpstreamIdpSettings.of(ISSUER, AUDIENCES)
                .withJwksUri(URI.create("https://idp.example.com/jwks"));

        assertThrows(IllegalArgumentException.class, () -> withUri.withJwks("{\"keys\":[]}"));
    }

    @Test
    void constructorWhenDurationsOutOfRangeThenRefused() {
        UpstreamIdpSettings settings = UpstreamIdpSettings.of(ISSUER, AUDIENCES);

        assertThrows(IllegalArgumentException.class, () -> settings.withFetchTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> settings.withCacheTtl(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> settings.withRefetchMinInterval(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> settings.withClockSkew(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> settings.withMaxDocumentBytes(0));
        assertEquals(Duration.ZERO, settings.withStaleGrace(Duration.ZERO).staleGrace());
    }

    @Test
    void constructorWhenBlankAdditionalIssuerThenRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> UpstreamIdpSettings.of(ISSUER, AUDIENCES).withAdditionalIssuers(List.of("")));
    }
}
