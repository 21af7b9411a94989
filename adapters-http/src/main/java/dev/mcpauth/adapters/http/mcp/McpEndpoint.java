package dev.mcpauth.adapters.http.mcp;

import dev.mcpauth.adapters.http.support.HttpSettings;
import dev.mcpauth.adapters.http.support.Json;
import dev.mcpauth.application.port.in.EndMcpSessionUseCase;
import dev.mcpauth.application.port.in.ResumeMcpSessionUseCase;
import dev.mcpauth.application.port.in.StartMcpSessionUseCase;
import dev.mcpauth.domain.app.McpApp;
import dev.mcpauth.domain.session.Session;
import io.micronaut.context.annotation.Executable;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An MCP endpoint over Streamable HTTP (MCP 2025-06-18 "Transports") for apps without an upstream: authenticates
 * each request per its app's mode, binds each MCP session to the principal that initialized it, and answers with the
 * built-in demo app. A session id that is unknown, expired or another principal's gets 404, alike. In public mode
 * each {@code initialize} opens a session for a new anonymous principal, held to the public-access limits.
 */
@Singleton
@ExecuteOn(TaskExecutors.BLOCKING)
public class McpEndpoint {
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String VERSION_HEADER = "MCP-Protocol-Version";
    static final List<String> PROTOCOL_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

    private final HttpSettings settings;
    private final McpAuthenticator authenticator;
    private final McpAccess access;
    private final DemoMcpApp demo;
    private final StartMcpSessionUseCase startSession;
    private final EndMcpSessionUseCase endSession;
    private final Json json;

    McpEndpoint(HttpSettings settings, McpAuthenticator authenticator, McpAccess access, DemoMcpApp demo,
                StartMcpSessionUseCase startSession, EndMcpSessionUseCase endSession, Json json) {
        this.settings = settings;
        this.authenticator = authenticator;
        this.access = access;
        this.demo = demo;
        this.startSession = startSession;
        this.endSession = endSession;
        this.json = json;
    }

    @Executable
    public HttpResponse<byte[]> post(HttpRequest<?> request, @Nullable @Body byte[] body) {
        McpApp app = app(request);
        McpAuthenticator.Result auth = authenticator.authenticate(request, app);
        if (auth.failure() != null) {
            return auth.failure();
        }
        String version = request.getHeaders().get(VERSION_HEADER);
        if (version != null && !PROTOCOL_VERSIONS.contains(version)) {
            return rpcError(HttpStatus.BAD_REQUEST, null, JsonRpc.INVALID_REQUEST,
                    "unsupported MCP-Protocol-Version " + version);
        }
        Optional<Object> parsed = body == null ? Optional.empty() : json.readAny(body);
        if (parsed.isEmpty()) {
            return rpcError(HttpStatus.BAD_REQUEST, null, JsonRpc.PARSE_ERROR, "the body is not JSON");
        }
        if (!(parsed.get() instanceof Map<?, ?> message) || !"2.0".equals(message.get("jsonrpc"))) {
            return rpcError(HttpStatus.BAD_REQUEST, null, JsonRpc.INVALID_REQUEST,
                    "expected one JSON-RPC 2.0 message (batches are not supported)");
        }
        Object id = message.get("id");
        Object method = message.get("method");
        if (!(method instanceof String methodName)) {
            // A response or malformed message from the client: nothing to answer.
            return message.containsKey("result") || message.containsKey("error")
                    ? HttpResponse.accepted()
                    : rpcError(HttpStatus.BAD_REQUEST, id, JsonRpc.INVALID_REQUEST, "method is required");
        }
        if ("initialize".equals(methodName)) {
            return initialize(id, message, auth.caller());
        }
        McpAccess.Admission admission = access.admit(request, auth.caller(), McpAccess.SessionKeeper.USE_CASES,
                false, true, id);
        if (admission.failure() != null) {
            return admission.failure();
        }
        McpCaller caller = admission.caller();
        if (!message.containsKey("id")) {
            return HttpResponse.accepted(); // a notification
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> params = message.get("params") instanceof Map<?, ?> p
                ? (Map<String, Object>) p
                : Map.of();
        if ("tools/call".equals(methodName) && !access.allowsTool(caller, params.get("name"))) {
            return rpcError(HttpStatus.OK, id, JsonRpc.TOOL_NOT_ALLOWED, "tool not allowed");
        }
        JsonRpc.Outcome outcome = demo.handle(methodName, params, caller);
        if ("tools/list".equals(methodName) && access.restrictsTools(caller) && outcome.error() == null) {
            outcome = JsonRpc.Outcome.result(ToolLists.filterResult(outcome.result(),
                    access.publicAccess()::allowsTool));
        }
        return json.response(200, JsonRpc.response(id, outcome));
    }

    /** No server-initiated stream is offered (MCP allows 405 here). */
    @Executable
    public HttpResponse<byte[]> get(HttpRequest<?> request) {
        McpAuthenticator.Result auth = authenticator.authenticate(request, app(request));
        if (auth.failure() != null) {
            return auth.failure();
        }
        return HttpResponse.<byte[]>status(HttpStatus.METHOD_NOT_ALLOWED).header("Allow", "POST, DELETE");
    }

    @Executable
    public HttpResponse<byte[]> delete(HttpRequest<?> request) {
        McpAuthenticator.Result auth = authenticator.authenticate(request, app(request));
        if (auth.failure() != null) {
            return auth.failure();
        }
        String sessionId = request.getHeaders().get(SESSION_HEADER);
        if (sessionId == null) {
            return rpcError(HttpStatus.BAD_REQUEST, null, JsonRpc.INVALID_REQUEST, "Mcp-Session-Id is required");
        }
        McpCaller caller = auth.caller();
        if (access.isPublic() || caller.principal().isAnonymous()) {
            McpAccess.Admission admission = access.admit(request, caller, McpAccess.SessionKeeper.USE_CASES, false,
                    false, null);
            if (admission.failure() != null) {
                return admission.failure();
            }
            caller = admission.caller();
            access.unbind(sessionId);
        }
        boolean ended = endSession.end(new ResumeMcpSessionUseCase.SessionRequest(sessionId, caller.principal()));
        return ended ? HttpResponse.noContent()
                : rpcError(HttpStatus.NOT_FOUND, null, JsonRpc.INVALID_REQUEST, "session not found");
    }

    private MutableHttpResponse<byte[]> initialize(Object id, Map<?, ?> message, McpCaller caller) {
        Object params = message.get("params");
        Object requested = params instanceof Map<?, ?> p ? p.get("protocolVersion") : null;
        String version = requested instanceof String v && PROTOCOL_VERSIONS.contains(v) ? v : PROTOCOL_VERSIONS.get(0);
        Session session = startSession.start(new StartMcpSessionUseCase.NewSession(caller.principal(),
                caller.scopes(), access.sessionExpiry()));
        if (caller.principal().isAnonymous()) {
            // the session id is an anonymous caller's only credential: remember whose it is
            access.bind(session.id().value(), caller);
        }
        Map<String, Object> result = Map.of(
                "protocolVersion", version,
                "capabilities", Map.of("tools", Map.of("listChanged", false)),
                "serverInfo", Map.of("name", settings.serverName(), "version", settings.serverVersion()),
                "instructions", "Call the whoami tool to see who you are signed in as.");
        return json.response(200, JsonRpc.response(id, JsonRpc.Outcome.result(result)))
                .header(SESSION_HEADER, session.id().value());
    }

    private McpApp app(HttpRequest<?> request) {
        return McpRoutes.appOf(settings, request);
    }

    private MutableHttpResponse<byte[]> rpcError(HttpStatus status, Object id, int code, String text) {
        return access.rpcError(status, id, code, text);
    }
}
