package dev.mcpauth.adapters.http.mcp;

import dev.mcpauth.adapters.http.support.BaseUrls;
import dev.mcpauth.adapters.http.support.HttpSettings;
import dev.mcpauth.adapters.http.support.Json;
import dev.mcpauth.application.port.out.IdentityAssertionSigner;
import dev.mcpauth.domain.app.McpApp;
import io.micronaut.context.annotation.Executable;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.netty.channel.EventLoop;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.Predicate;

/**
 * The MCP gateway for apps with an upstream MCP server (MCP 2025-06-18 "Transports", Streamable HTTP): authenticates
 * each request per the app's mode, binds each session the upstream creates to the caller that initialized it, and
 * forwards POST, GET and DELETE with the caller's identity instead of their token (no token passthrough, MCP
 * "Security Best Practices"), relaying the response, JSON or SSE, as it arrives.
 *
 * <p>The upstream learns who calls from {@code X-MCPAuth-Subject}, {@code X-MCPAuth-Client-Id},
 * {@code X-MCPAuth-Scopes}, {@code X-MCPAuth-Anonymous} (values outside printable ASCII are percent-encoded as UTF-8)
 * and, to verify it all, {@code X-MCPAuth-Assertion} (either or both, per the app's {@link UpstreamIdentity}): a JWT
 * signed with the keys at {@code /.well-known/jwks.json},
 * {@code aud} the upstream's URL, valid for 60 seconds, and sent again to the same upstream for the same caller during
 * its first 30 seconds (see {@link IdentityAssertions}), so its {@code jti} names the assertion, not the request. Of
 * the client's headers only the MCP ones travel on; any {@code X-MCPAuth-*} header a client sends is dropped with the
 * rest.
 */
@Singleton
public class McpGateway {
    static final String SUBJECT_HEADER = "X-MCPAuth-Subject";
    static final String CLIENT_ID_HEADER = "X-MCPAuth-Client-Id";
    static final String SCOPES_HEADER = "X-MCPAuth-Scopes";
    static final String ANONYMOUS_HEADER = "X-MCPAuth-Anonymous";
    static final String ASSERTION_HEADER = "X-MCPAuth-Assertion";

    private static final Logger LOG = LoggerFactory.getLogger(McpGateway.class);
    private static final int MAX_REWRITTEN_BODY = 8 * 1024 * 1024;
    private static final String EVENT_STREAM = "text/event-stream";
    private static final byte[] NO_BODY = new byte[0];
    private static final List<String> FORWARDED_REQUEST_HEADERS = List.of("Accept", "Content-Type",
            McpEndpoint.SESSION_HEADER, McpEndpoint.VERSION_HEADER, "Last-Event-ID");
    /**
     * Hop-by-hop headers (RFC 9110 §7.6.1), framing the server redoes, headers the server sets itself, and CORS
     * headers, which are the gateway's to decide.
     */
    private static final Set<String> DROPPED_RESPONSE_HEADERS = Set.of("connection", "keep-alive",
            "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding",
            "upgrade", "content-length", "date", "server");

    private final HttpSettings settings;
    private final GatewaySettings gateway;
    private final McpAuthenticator authenticator;
    private final McpAccess access;
    private final UpstreamClient client;
    private final IdentityAssertions assertions;
    private final BaseUrls baseUrls;
    private final Json json;
    private final Executor blocking;

    McpGateway(HttpSettings settings, GatewaySettings gateway, McpAuthenticator authenticator, McpAccess access,
               UpstreamClient client, IdentityAssertionSigner signer, BaseUrls baseUrls, Json json, Clock clock,
               @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.settings = settings;
        this.gateway = gateway;
        this.authenticator = authenticator;
        this.access = access;
        this.client = client;
        this.assertions = new IdentityAssertions(signer, clock);
        this.baseUrls = baseUrls;
        this.json = json;
        this.blocking = blocking;
    }

    @Executable
    public CompletableFuture<HttpResponse<?>> post(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return servedWhereItMayBlock(() -> forwardPost(request, body));
    }

    @Executable
    public CompletableFuture<HttpResponse<?>> get(HttpRequest<?> request) {
        return servedWhereItMayBlock(() -> forwardGet(request));
    }

    @Executable
    public CompletableFuture<HttpResponse<?>> delete(HttpRequest<?> request) {
        return servedWhereItMayBlock(() -> forwardDelete(request));
    }

    /**
     * Serves a request on the event loop it came on when authenticating needs no I/O; else on a blocking worker, so
     * that a Redis round trip or a fetch of the IdP's keys never stalls the loop. Either way the upstream's answer
     * is relayed on the loop.
     */
    private CompletableFuture<HttpResponse<?>> servedWhereItMayBlock(
            Supplier<CompletableFuture<HttpResponse<?>>> forward) {
        return gateway.authenticatesInMemory() ? forward.get()
                : CompletableFuture.supplyAsync(forward, blocking).thenCompose(Function.identity());
    }

    private CompletableFuture<HttpResponse<?>> forwardPost(HttpRequest<?> request, byte[] body) {
        McpApp app = app(request);
        UpstreamApp upstream = upstream(app);
        McpAuthenticator.Result auth = authenticator.authenticate(request, app);
        if (auth.failure() != null) {
            return done(auth.failure());
        }
        Optional<Object> parsed = body == null ? Optional.empty() : json.readAny(body);
        if (parsed.isEmpty()) {
            return done(access.rpcError(HttpStatus.BAD_REQUEST, null, JsonRpc.PARSE_ERROR, "the body is not JSON"));
        }
        Object id = null;
        String method = null;
        if (parsed.get() instanceof Map<?, ?> message && "2.0".equals(message.get("jsonrpc"))) {
            id = message.get("id");
            method = message.get("method") instanceof String name ? name : null;
        } else if (!(parsed.get() instanceof List<?>) || access.isPublic()) {
            // Batches (MCP 2025-03-26) go through unchanged, except where tool limits must see every message.
            return done(access.rpcError(HttpStatus.BAD_REQUEST, null, JsonRpc.INVALID_REQUEST,
                    "expected one JSON-RPC 2.0 message"));
        }
        boolean initialize = "initialize".equals(method);
        McpCaller caller = auth.caller();
        String sessionId = null;
        if (!initialize) {
            McpAccess.Admission admission = access.admit(request, caller, McpAccess.SessionKeeper.BINDINGS,
                    true, true, id);
            if (admission.failure() != null) {
                return done(admission.failure());
            }
            caller = admission.caller();
            sessionId = admission.sessionId();
        }
        if ("tools/call".equals(method) && !access.allowsTool(caller, toolName(parsed.get()))) {
            return done(json.response(200, JsonRpc.error(id, JsonRpc.TOOL_NOT_ALLOWED, "tool not allowed")));
        }
        Object requestId = id;
        String session = sessionId;
        boolean filterTools = "tools/list".equals(method) && access.restrictsTools(caller);
        return forward(app, upstream, requestId, client.send(upstream,
                upstreamRequest(request, upstream, caller, "POST", body), upstream.readTimeout(), loopOf(request)),
                response -> {
                    if (initialize && response.isSuccess()) {
                        String created = response.headers().get(McpEndpoint.SESSION_HEADER);
                        if (created != null) {
                            access.bind(created, auth.caller());
                        }
                    }
                    if (response.status() == 404 && session != null) {
                        access.unbind(session); // the upstream forgot the session: so do we, and the client starts anew
                    }
                    if (filterTools && response.status() == 200) {
                        return filteredToolsList(app, upstream, response, requestId,
                                access.publicAccess()::allowsTool);
                    }
                    return relay(app, upstream, response, requestId, true);
                });
    }

    private CompletableFuture<HttpResponse<?>> forwardGet(HttpRequest<?> request) {
        McpApp app = app(request);
        UpstreamApp upstream = upstream(app);
        McpAuthenticator.Result auth = authenticator.authenticate(request, app);
        if (auth.failure() != null) {
            return done(auth.failure());
        }
        McpAccess.Admission admission = access.admit(request, auth.caller(), McpAccess.SessionKeeper.BINDINGS,
                true, true, null);
        if (admission.failure() != null) {
            return done(admission.failure());
        }
        // a GET stream carries server-initiated messages: it may be silent for as long as it likes
        return forward(app, upstream, null, client.send(upstream, upstreamRequest(request, upstream,
                        admission.caller(), "GET", NO_BODY), null, loopOf(request)),
                response -> relay(app, upstream, response, null, false));
    }

    private CompletableFuture<HttpResponse<?>> forwardDelete(HttpRequest<?> request) {
        McpApp app = app(request);
        UpstreamApp upstream = upstream(app);
        McpAuthenticator.Result auth = authenticator.authenticate(request, app);
        if (auth.failure() != null) {
            return done(auth.failure());
        }
        McpAccess.Admission admission = access.admit(request, auth.caller(), McpAccess.SessionKeeper.BINDINGS,
                false, false, null);
        if (admission.failure() != null) {
            return done(admission.failure());
        }
        return forward(app, upstream, null, client.send(upstream, upstreamRequest(request, upstream,
                        admission.caller(), "DELETE", NO_BODY), upstream.readTimeout(), loopOf(request)),
                response -> {
                    if (response.isSuccess() || response.status() == 404) {
                        access.unbind(admission.sessionId());
                    }
                    return relay(app, upstream, response, null, true);
                });
    }

    /**
     * What the client gets for an upstream exchange: {@code then}'s answer once the upstream's headers are in, or
     * a JSON-RPC error (502, 504) when the upstream is not reachable or too slow. It all runs on the event loop that
     * received the answer.
     */
    private CompletableFuture<HttpResponse<?>> forward(
            McpApp app, UpstreamApp upstream, Object id,
            CompletableFuture<UpstreamClient.UpstreamResponse> sent,
            Function<UpstreamClient.UpstreamResponse, CompletableFuture<HttpResponse<?>>> then) {
        return sent.thenCompose(then).exceptionally(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof UpstreamClient.UpstreamException upstreamFailure) {
                return failure(app, upstream, upstreamFailure.kind(), id, upstreamFailure);
            }
            if (cause instanceof IOException io) {
                return failure(app, upstream, io instanceof UpstreamBody.UpstreamTimeoutException
                        ? UpstreamClient.UpstreamException.Kind.TIMEOUT
                        : UpstreamClient.UpstreamException.Kind.UNAVAILABLE, id, io);
            }
            throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
        });
    }

    /**
     * The upstream's response as it comes. For a POST or DELETE the first bytes are awaited before anything is
     * committed, so an upstream that sends headers and then nothing still gets a 504; later silence past the read
     * timeout ends an SSE response with a JSON-RPC error event for the request.
     */
    private CompletableFuture<HttpResponse<?>> relay(McpApp app, UpstreamApp upstream,
                                                     UpstreamClient.UpstreamResponse response, Object id,
                                                     boolean awaitFirst) {
        UpstreamBody body = response.body();
        if (response.status() == 401 && !upstream.forwardToken()) {
            body.discard();
            LOG.warn("app {}: the upstream {} answered 401 to the gateway's identity headers", app.id(),
                    upstream.uri());
            return done(access.rpcError(HttpStatus.BAD_GATEWAY, id, JsonRpc.INTERNAL_ERROR,
                    "upstream MCP server refused the request"));
        }
        MutableHttpResponse<Object> out = HttpResponse.status(response.status(), null);
        copyHeaders(response, upstream, out);
        if (!awaitFirst) {
            body.sendHeadFirst();
            return done(out.body(body));
        }
        return body.first().thenApply(first -> switch (first) {
            case TIMED_OUT -> {
                body.discard();
                yield failure(app, upstream, UpstreamClient.UpstreamException.Kind.TIMEOUT, id, null);
            }
            case FAILED -> {
                body.discard();
                yield failure(app, upstream, UpstreamClient.UpstreamException.Kind.UNAVAILABLE, id, null);
            }
            case END -> out;
            case DATA -> {
                Optional<byte[]> whole = body.takeWhole();
                if (whole.isPresent()) {
                    yield out.body(new RawBody.Bytes(whole.get())); // sent with a length, in one write
                }
                if (id != null && isEventStream(response)) {
                    body.onIdleTimeoutAppend(SseEvents.message(new String(json.write(JsonRpc.error(id,
                            JsonRpc.UPSTREAM_TIMEOUT, "upstream MCP server timed out")), StandardCharsets.UTF_8)));
                }
                yield out.body(body);
            }
        });
    }

    /** The upstream's {@code tools/list} answer with only the tools anonymous callers may see. */
    private CompletableFuture<HttpResponse<?>> filteredToolsList(McpApp app, UpstreamApp upstream,
                                                                 UpstreamClient.UpstreamResponse response, Object id,
                                                                 Predicate<String> allowed) {
        boolean sse = isEventStream(response);
        return response.body().collect(MAX_REWRITTEN_BODY, sse ? this::containsResponse : b -> false)
                .thenApply(bytes -> {
                    byte[] rewritten;
                    if (sse) {
                        rewritten = SseEvents.rewrite(new String(bytes, StandardCharsets.UTF_8),
                                data -> json.readAny(data.getBytes(StandardCharsets.UTF_8))
                                        .map(message -> new String(json.write(ToolLists.filterMessage(message,
                                                allowed)), StandardCharsets.UTF_8))
                                        .orElse(data));
                    } else {
                        Optional<Object> message = json.readAny(bytes);
                        rewritten = message.isEmpty() ? bytes : json.write(message.get() instanceof List<?> batch
                                ? batch.stream().map(m -> ToolLists.filterMessage(m, allowed)).toList()
                                : ToolLists.filterMessage(message.get(), allowed));
                    }
                    MutableHttpResponse<Object> out = HttpResponse.status(response.status(), null);
                    copyHeaders(response, upstream, out);
                    return out.body(new RawBody.Bytes(rewritten));
                });
    }

    private boolean containsResponse(byte[] soFar) {
        return SseEvents.parse(new String(soFar, StandardCharsets.UTF_8)).stream()
                .anyMatch(event -> json.readAny(event.data().getBytes(StandardCharsets.UTF_8))
                        .filter(ToolLists::isResponse).isPresent());
    }

    private UpstreamRequest upstreamRequest(HttpRequest<?> request, UpstreamApp upstream, McpCaller caller,
                                            String method, byte[] body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(FORWARDED_REQUEST_HEADERS.size() + 6);
        for (String name : FORWARDED_REQUEST_HEADERS) {
            List<String> values = request.getHeaders().getAll(name);
            if (!values.isEmpty()) {
                headers.add(Map.entry(name, String.join(", ", values)));
            }
        }
        if (upstream.forwardToken()) {
            String authorization = request.getHeaders().get("Authorization");
            if (authorization != null) {
                headers.add(Map.entry("Authorization", authorization));
            }
        }
        if (upstream.identity().sendsHeaders()) {
            headers.add(Map.entry(SUBJECT_HEADER, headerValue(caller.principal().subject())));
            headers.add(Map.entry(CLIENT_ID_HEADER, headerValue(caller.clientId())));
            headers.add(Map.entry(SCOPES_HEADER, headerValue(caller.scopes().asString())));
            headers.add(Map.entry(ANONYMOUS_HEADER, Boolean.toString(caller.principal().isAnonymous())));
        }
        if (upstream.identity().sendsAssertion()) {
            headers.add(Map.entry(ASSERTION_HEADER,
                    assertions.assertionFor(baseUrls.baseUrl(request), caller, upstream.uri().toString())));
        }
        return new UpstreamRequest(method, headers, body);
    }

    private static void copyHeaders(UpstreamClient.UpstreamResponse response, UpstreamApp upstream,
                                    MutableHttpResponse<?> out) {
        List<String> connectionOptions = new ArrayList<>();
        for (String value : response.headers().getAll("Connection")) {
            for (String option : value.split(",")) {
                connectionOptions.add(option.trim().toLowerCase(Locale.ROOT));
            }
        }
        for (Map.Entry<String, String> header : response.headers()) {
            String lower = header.getKey().toLowerCase(Locale.ROOT);
            if (!(DROPPED_RESPONSE_HEADERS.contains(lower) || connectionOptions.contains(lower)
                    || lower.startsWith(":") || lower.startsWith("access-control-")
                    || "www-authenticate".equals(lower) && !upstream.forwardToken())) {
                out.getHeaders().add(header.getKey(), header.getValue());
            }
        }
    }

    private MutableHttpResponse<byte[]> failure(McpApp app, UpstreamApp upstream,
                                                UpstreamClient.UpstreamException.Kind kind, Object id,
                                                Exception cause) {
        LOG.warn("app {}: upstream {} {}{}", app.id(), upstream.uri(),
                kind == UpstreamClient.UpstreamException.Kind.TIMEOUT ? "timed out" : "unavailable",
                cause == null ? "" : ": " + cause.getMessage());
        return kind == UpstreamClient.UpstreamException.Kind.TIMEOUT
                ? access.rpcError(HttpStatus.GATEWAY_TIMEOUT, id, JsonRpc.UPSTREAM_TIMEOUT,
                "upstream MCP server timed out")
                : access.rpcError(HttpStatus.BAD_GATEWAY, id, JsonRpc.INTERNAL_ERROR,
                "upstream MCP server unavailable");
    }

    private static boolean isEventStream(UpstreamClient.UpstreamResponse response) {
        String type = response.headers().get("Content-Type");
        return type != null && type.toLowerCase(Locale.ROOT).startsWith(EVENT_STREAM);
    }

    private static Object toolName(Object message) {
        return message instanceof Map<?, ?> m && m.get("params") instanceof Map<?, ?> params ? params.get("name") : null;
    }

    /** Printable ASCII as is; anything else percent-encoded as UTF-8, so any subject fits an HTTP header. */
    static String headerValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
            }
        }
        return value;
    }

    private static CompletableFuture<HttpResponse<?>> done(HttpResponse<?> response) {
        return CompletableFuture.completedFuture(response);
    }

    /** The event loop of the connection {@code request} came on: where its answer will be written. */
    private static EventLoop loopOf(HttpRequest<?> request) {
        return request instanceof NettyHttpRequest<?> netty ? netty.getChannelHandlerContext().channel().eventLoop()
                : null;
    }

    private McpApp app(HttpRequest<?> request) {
        return McpRoutes.appOf(settings, request);
    }

    private UpstreamApp upstream(McpApp app) {
        return gateway.upstream(app.id()).orElseThrow(
                () -> new IllegalStateException("app " + app.id() + " has no upstream"));
    }
}
