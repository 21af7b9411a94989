package dev.mcpauth.adapters.http.mcp;

import dev.mcpauth.adapters.http.support.HttpSettings;
import dev.mcpauth.application.port.in.AuthenticateBearerUseCase;
import dev.mcpauth.application.port.in.AuthenticateUpstreamBearerUseCase;
import dev.mcpauth.application.port.in.EndMcpSessionUseCase;
import dev.mcpauth.application.port.in.ResumeMcpSessionUseCase;
import dev.mcpauth.application.port.in.StartMcpSessionUseCase;
import dev.mcpauth.application.port.out.IdentityAssertionSigner;
import dev.mcpauth.application.port.out.SessionStore;
import dev.mcpauth.application.port.out.TokenGenerator;
import dev.mcpauth.application.service.EndMcpSessionService;
import dev.mcpauth.application.service.ResumeMcpSessionService;
import dev.mcpauth.application.service.StartMcpSessionService;
import dev.mcpauth.domain.app.McpApp;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.mode.AuthMode;
import dev.mcpauth.domain.mode.SessionMode;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.session.Session;
import dev.mcpauth.domain.session.SessionId;
import dev.mcpauth.domain.token.AccessTokenClaims;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP adapter alone on a real port: hand-made settings, the real session services over a map, a bearer
 * use case that knows two tokens, and an assertion signer whose "JWT" is readable JSON. No bootstrap involved.
 */
final class GatewayServer implements AutoCloseable {
    static final String ALICE = "alice-token";
    static final String BOB = "bob-token";
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final MutableClock clock = new MutableClock(START);
    private final ApplicationContext context;
    final String baseUrl;

    /**
     * Apps: {@code /mcp}, {@code /late/mcp}, {@code /refuse/mcp}, {@code /json/mcp}, {@code /forward/mcp},
     * {@code /quiet/mcp}, {@code /down/mcp}, {@code /assertion/mcp} and {@code /headers/mcp} (the last two tell
     * the upstream who calls only that way) (upstreams), {@code /demo/mcp} (none).
     */
    GatewayServer(FakeUpstream upstream, AuthMode mode, PublicAccess publicAccess, boolean authenticatesInMemory) {
        List<McpApp> apps = List.of(app("main", "/mcp"), app("late", "/late/mcp"), app("refuse", "/refuse/mcp"),
                app("json", "/json/mcp"), app("forward", "/forward/mcp"), app("down", "/down/mcp"),
                app("quiet", "/quiet/mcp"), app("assertion", "/assertion/mcp"), app("headers", "/headers/mcp"),
                app("demo", "/demo/mcp"));
        Duration connect = Duration.ofSeconds(2);
        Duration read = Duration.ofSeconds(2);
        Map<String, UpstreamApp> upstreams = Map.of(
                "main", new UpstreamApp(URI.create(upstream.url("/mcp")), connect, read),
                "late", new UpstreamApp(URI.create(upstream.url("/late")), connect, Duration.ofMillis(700)),
                "refuse", new UpstreamApp(URI.create(upstream.url("/refuse")), connect, read),
                "json", new UpstreamApp(URI.create(upstream.url("/json")), connect, read),
                "forward", new UpstreamApp(URI.create(upstream.url("/mcp")), connect, read, true),
                "quiet", new UpstreamApp(URI.create(upstream.url("/quiet")), connect, read),
                "assertion", new UpstreamApp(URI.create(upstream.url("/mcp")), connect, read, false,
                        UpstreamIdentity.ASSERTION),
                "headers", new UpstreamApp(URI.create(upstream.url("/mcp")), connect, read, false,
                        UpstreamIdentity.HEADERS),
                "down", new UpstreamApp(URI.create("http://127.0.0.1:" + closedPort() + "/mcp"), connect, read));
        HttpSettings settings = new HttpSettings(Optional.empty(), false, "mcpauth test", "0.0.1", mode, apps,
                Scopes.of("mcp"), false, Duration.ofHours(1), true);
        SessionStore store = new MapSessionStore();
        TokenGenerator tokens = new RandomTokens();
        ResumeMcpSessionService resume = new ResumeMcpSessionService(store, clock);

        context = ApplicationContext.builder()
                .properties(Map.of("micronaut.server.port", -1, "micronaut.server.host", "127.0.0.1"))
                .deduceEnvironment(false)
                .banner(false)
                .build();
        context.registerSingleton(HttpSettings.class, settings);
        context.registerSingleton(GatewaySettings.class, new GatewaySettings(upstreams, publicAccess,
                authenticatesInMemory));
        context.registerSingleton(Clock.class, clock);
        context.registerSingleton(AuthenticateBearerUseCase.class, new TwoTokens());
        context.registerSingleton(AuthenticateUpstreamBearerUseCase.class, token -> {
            throw new OAuthException(OAuthError.INVALID_TOKEN, "no transparent mode in these tests");
        });
        context.registerSingleton(StartMcpSessionUseCase.class, new StartMcpSessionService(store, tokens, clock));
        context.registerSingleton(ResumeMcpSessionUseCase.class, resume);
        context.registerSingleton(EndMcpSessionUseCase.class, new EndMcpSessionService(resume, store));
        context.registerSingleton(IdentityAssertionSigner.class, new ReadableAssertions());
        context.start();
        EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
        baseUrl = "http://127.0.0.1:" + server.getPort();
    }

    /** Requests served on a blocking worker, as with Redis storage. */
    static GatewayServer orchestrated(FakeUpstream upstream) {
        return new GatewayServer(upstream, new AuthMode.OrchestratedLocal(SessionMode.STATEFUL),
                PublicAccess.unrestricted(), false);
    }

    /** Requests served on the event loop they came on, as public mode always is. */
    static GatewayServer publicMode(FakeUpstream upstream, PublicAccess access, Duration sessionTtl) {
        return new GatewayServer(upstream, new AuthMode.Public(Scopes.of("anonymous"), sessionTtl), access, true);
    }

    private static McpApp app(String id, String path) {
        return new McpApp(id, id, path, Scopes.of("mcp"));
    }

    // requests

    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    static String call(int id, String tool) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{},\"_meta\":{\"progressToken\":\"p1\"}}}";
    }

    static String request(int id, String method) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\"}";
    }

    HttpRequest.Builder post(String path, String token, String session, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return credentials(builder, token, session);
    }

    HttpRequest.Builder get(String path, String token, String session) {
        return credentials(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20))
                .header("Accept", "text/event-stream").GET(), token, session);
    }

    HttpRequest.Builder delete(String path, String token, String session) {
        return credentials(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20))
                .DELETE(), token, session);
    }

    private static HttpRequest.Builder credentials(HttpRequest.Builder builder, String token, String session) {
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (session != null) {
            builder.header("Mcp-Session-Id", session);
        }
        return builder;
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return CLIENT.send(request.build(), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Initializes a session through {@code path} and returns its id. */
    String initialize(String path, String token) {
        HttpResponse<String> response = send(post(path, token, null, INITIALIZE));
        if (response.statusCode() != 200) {
            throw new AssertionError("initialize: " + response.statusCode() + " " + response.body());
        }
        return response.headers().firstValue("Mcp-Session-Id")
                .orElseThrow(() -> new AssertionError("no Mcp-Session-Id: " + response.headers().map()));
    }

    @Override
    public void close() {
        context.close();
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code alice-token} is alice with client-a, {@code bob-token} bob with client-b; both scope mcp. */
    private final class TwoTokens implements AuthenticateBearerUseCase {
        @Override
        public AccessTokenClaims authenticate(BearerToken command) {
            String subject = switch (command.token()) {
                case ALICE -> "alice";
                case BOB -> "bob";
                default -> throw new OAuthException(OAuthError.INVALID_TOKEN, "the access token is invalid");
            };
            List<Audience> audiences = new ArrayList<>();
            command.audience().ifPresent(audiences::add);
            return new AccessTokenClaims(command.issuer(), subject, audiences, clock.instant(),
                    clock.instant().plusSeconds(3600), "jti-" + subject,
                    new ClientId(ALICE.equals(command.token()) ? "client-a" : "client-b"), Scopes.of("mcp"),
                    Optional.empty());
        }
    }

    /** An unsigned stand-in whose payload is the claims as JSON, base64url-encoded like a JWT's. */
    static final class ReadableAssertions implements IdentityAssertionSigner {
        @Override
        public String sign(IdentityAssertion a) {
            String payload = "{\"iss\":\"" + a.issuer() + "\",\"sub\":\"" + a.subject() + "\",\"aud\":\"" + a.audience()
                    + "\",\"iat\":" + a.issuedAt().getEpochSecond() + ",\"exp\":" + a.expiresAt().getEpochSecond()
                    + ",\"jti\":\"" + a.jwtId() + "\",\"client_id\":\"" + a.clientId() + "\",\"scope\":\""
                    + a.scopes().asString() + "\",\"anonymous\":" + a.anonymous() + "}";
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                    + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".test";
        }

        static String payload(String assertion) {
            return new String(Base64.getUrlDecoder().decode(assertion.split("\\.")[1]), StandardCharsets.UTF_8);
        }
    }

    private static final class MapSessionStore implements SessionStore {
        private final Map<SessionId, Session> sessions = new ConcurrentHashMap<>();

        @Override
        public void save(Session session) {
            sessions.put(session.id(), session);
        }

        @Override
        public Optional<Session> find(SessionId id) {
            return Optional.ofNullable(sessions.get(id));
        }
    }

    private static final class RandomTokens implements TokenGenerator {
        private final SecureRandom random = new SecureRandom();

        @Override
        public String newSecret() {
            return random(32);
        }

        @Override
        public String newId() {
            return random(16);
        }

        private String random(int bytes) {
            byte[] value = new byte[bytes];
            random.nextBytes(value);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
        }
    }
}
