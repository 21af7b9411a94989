package dev.mcpauth.bootstrap;

import dev.mcpauth.adapters.http.support.Json;
import dev.mcpauth.bootstrap.support.TestServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training start's checks: a server that does not answer a client's first requests as it should is reported. */
class TrainCommandTest {

    @Test
    void exerciseWhenOrchestratedLocalThenEveryAnswerIsTheExpectedOne() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (TestServer server = TestServer.orchestratedLocal()) {
            List<String> failures = TrainCommand.exercise(URI.create(server.baseUrl()),
                    server.context().getBean(Json.class), new PrintStream(printed, true,
                            StandardCharsets.UTF_8));

            assertEquals(List.of(), failures);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        assertEquals(7, output.lines().count(), output);
        assertTrue(output.contains("train: POST /oauth/register 201"), output);
        assertTrue(output.contains("train: POST /mcp 401"), output);
    }

    @Test
    void exerciseWhenPublicModeThenReportsTheAnswersOfAServerWithoutLogin() {
        try (TestServer server = TestServer.publicMode(Map.of())) {
            List<String> failures = TrainCommand.exercise(URI.create(server.baseUrl()),
                    server.context().getBean(Json.class), new PrintStream(new ByteArrayOutputStream(), true,
                            StandardCharsets.UTF_8));

            assertTrue(failures.contains("POST /mcp answered 200, expected [401]"), failures.toString());
            assertTrue(failures.stream().anyMatch(f -> f.startsWith("GET /.well-known/oauth-authorization-server "
                    + "answered 404")), failures.toString());
        }
    }
}
