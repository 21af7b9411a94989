package dev.mcpauth.bootstrap;

import dev.mcpauth.bootstrap.support.TestServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestServerSmokeTest {
    @Test
    void metadataWhenServerStartedThenNamesItsIssuer() throws Exception {
        try (TestServer server = TestServer.orchestratedLocal()) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.baseUrl() + "/.well-known/oauth-authorization-server")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("\"issuer\":\"" + server.baseUrl() + "\""), response.body());
        }
    }
}
