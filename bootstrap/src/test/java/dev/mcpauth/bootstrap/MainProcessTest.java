package dev.mcpauth.bootstrap;

import dev.mcpauth.adapters.idp.password.BouncyCastlePasswordHasher;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code main} as an operator meets it: a separate JVM, environment variables, standard streams, exit status. */
class MainProcessTest {

    @Test
    void mainWhenEnvironmentOverridesToHs256ThenStopsWithOneLineNamingTheKey() throws Exception {
        Result result = run(List.of(), Map.of("MCPAUTH_AUTH_MODE", "orchestrated",
                "MCPAUTH_AUTH_SIGNING_ALGORITHM", "HS256", "MICRONAUT_SERVER_PORT", "-1"), "");
        assertEquals(2, result.exitCode, result.output());
        List<String> lines = result.stderr.lines().filter(line -> !line.isBlank()).toList();
        assertEquals(1, lines.size(), result.stderr);
        assertTrue(lines.get(0).startsWith("mcpauth: invalid configuration: mcpauth.auth.signing.algorithm: HS256"),
                lines.get(0));
        assertFalse(result.output().contains("Exception"), result.output());
    }

    @Test
    void mainWhenJsonLoggingThenEveryLogLineIsJsonAndTheDevelopmentPasswordOnlyOnItsOwnLine() throws Exception {
        Process process = start(List.of("-Dlogback.configurationFile=logback-json.xml",
                "-Dmicronaut.server.port=-1"), List.of());
        List<String> lines = new java.util.ArrayList<>();
        try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(
                process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
                if (line.contains("MCP endpoint")) {
                    break;
                }
            }
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        String login = lines.stream().filter(line -> line.startsWith("development login: username=dev password="))
                .findFirst().orElseThrow(() -> new AssertionError("no development login line in " + lines));
        String password = login.substring(login.indexOf("password=") + "password=".length());
        List<String> logLines = lines.stream().filter(line -> !line.equals(login)).toList();
        assertFalse(logLines.isEmpty());
        for (String line : logLines) {
            assertTrue(line.startsWith("{") && line.endsWith("}") && line.contains("\"level\""), line);
            assertFalse(line.contains(password), "the development password reached a log line: " + line);
        }
    }

    @Test
    void trainWhenBuiltInDefaultsThenAnswersAClientsFirstRequestsStopsAndPrintsNoPassword() throws Exception {
        Result result = run(List.of("train"), Map.of(), "");

        assertEquals(0, result.exitCode, result.output());
        for (String answer : List.of("GET /health 200", "GET /.well-known/oauth-protected-resource/mcp 200",
                "GET /.well-known/oauth-authorization-server 200", "GET /.well-known/jwks.json 200", "POST /mcp 401",
                "POST /oauth/register 201", "GET /oauth/authorize ")) {
            assertTrue(result.stdout.contains("train: " + answer), answer + "\n" + result.output());
        }
        assertTrue(result.stdout.contains("http://127.0.0.1:"), "on loopback only\n" + result.output());
        assertFalse(result.output().contains("password="), result.output());
    }

    @Test
    void hashPasswordWhenPasswordOnStandardInputThenPrintsArgon2idHashThatVerifies() throws Exception {
        Result result = run(List.of("hash-password"), Map.of(), "a long enough password\n");
        assertEquals(0, result.exitCode, result.output());
        String hash = result.stdout.trim();
        assertTrue(hash.startsWith("$argon2id$v=19$"), hash);
        assertTrue(new BouncyCastlePasswordHasher().verify("a long enough password".toCharArray(), hash));
        assertFalse(result.stdout.contains("a long enough password"));
    }

    @Test
    void hashPasswordWhenPasswordTooShortThenRefuses() throws Exception {
        Result result = run(List.of("hash-password"), Map.of(), "short\n");
        assertEquals(1, result.exitCode);
        assertTrue(result.stderr.contains("at least 8 characters"), result.stderr);
    }

    private static Process start(List<String> jvmOptions, List<String> args) throws IOException {
        return start(jvmOptions, args, Map.of());
    }

    private static Process start(List<String> jvmOptions, List<String> args, Map<String, String> env)
            throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), McpAuthApplication.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("MCPAUTH_") || name.startsWith("MICRONAUT_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static Result run(List<String> args, Map<String, String> env, String stdin)
            throws IOException, InterruptedException {
        Process process = start(List.of(), args, env);
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("mcpauth did not exit within 60 s");
        }
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.exitValue(), stdout, stderr);
    }

    private record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return "stdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
