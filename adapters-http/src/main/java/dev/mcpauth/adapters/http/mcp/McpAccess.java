package dev.mcpauth.adapters.http.mcp;

import dev.mcpauth.adapters.http.support.HttpSettings;
import dev.mcpauth.adapters.http.support.Json;
import dev.mcpauth.application.port.in.ResumeMcpSessionUseCase;
import dev.mcpauth.domain.mode.AuthMode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides, for a request after authentication, which caller it speaks for and whether its {@code Mcp-Session-Id} is
 * theirs. A session id that is unknown, expired, ended or another principal's gets 404, all alike, so the client
 * starts a new session (MCP Streamable HTTP "Session Management") and a guessed id reveals nothing.
 *
 * <p>Public mode has no credential but the session id: {@code initialize} creates a new anonymous principal, bound to
 * the session it opens, and every later request is that principal only if it names that session. Session ids are
 * 256-bit random values (the demo app's) or the upstream's own, so holding one is what being that caller means.
 */
@Singleton
final class McpAccess {
    private final HttpSettings settings;
    private final GatewaySettings gateway;
    private final McpSessionBindings bindings;
    private final ResumeMcpSessionUseCase resumeSession;
    private final Json json;
    private final Clock clock;

    McpAccess(HttpSettings settings, GatewaySettings gateway, McpSessionBindings bindings,
              ResumeMcpSessionUseCase resumeSession, Json json, Clock clock) {
        this.settings = settings;
        this.gateway = gateway;
        this.bindings = bindings;
        this.resumeSession = resumeSession;
        this.json = json;
        this.clock = clock;
    }

    /** Where sessions of an app live: the session use cases (demo app) or the local bindings (upstream app). */
    enum SessionKeeper { USE_CASES, BINDINGS }

    /**
     * The caller and session of a request other than {@code initialize}.
     *
     * @param authenticated   the authenticated caller (public mode: a fresh anonymous one, used only without session)
     * @param keeper          where the app's sessions live
     * @param sessionOptional whether a request without {@code Mcp-Session-Id} may go ahead (a stateless upstream)
     * @param rateLimited     whether the request counts against the anonymous session's rate limit
     * @param rpcId           the JSON-RPC id for error bodies, or null
     */
    Admission admit(HttpRequest<?> request, McpCaller authenticated, SessionKeeper keeper, boolean sessionOptional,
                    boolean rateLimited, Object rpcId) {
        String sessionId = request.getHeaders().get(McpEndpoint.SESSION_HEADER);
        if (sessionId == null) {
            return sessionOptional ? Admission.of(authenticated, null)
                    : Admission.refused(rpcError(HttpStatus.BAD_REQUEST, rpcId, JsonRpc.INVALID_REQUEST,
                    "Mcp-Session-Id is required after initialize"));
        }
        if (isPublic() || authenticated.principal().isAnonymous()) {
            // Anonymous callers (public mode, transparent allow-anonymous) have no credential but the session id;
            // it can only ever name an anonymous session, never one a signed-in caller created.
            Optional<McpSessionBindings.Binding> binding = bindings.find(sessionId)
                    .filter(b -> b.caller().principal().isAnonymous());
            if (binding.isEmpty()) {
                return notFound(rpcId);
            }
            if (rateLimited) {
                long retryAfter = binding.get().tryAcquire(clock.instant(), gateway.publicAccess().rateLimitPerMinute());
                if (retryAfter > 0) {
                    return Admission.refused(rpcError(HttpStatus.TOO_MANY_REQUESTS, rpcId, JsonRpc.RATE_LIMITED,
                            "rate limit exceeded: " + gateway.publicAccess().rateLimitPerMinute()
                                    + " requests per minute per session")
                            .header("Retry-After", Long.toString(retryAfter)));
                }
            }
            return Admission.of(binding.get().caller(), sessionId);
        }
        boolean owned = keeper == SessionKeeper.BINDINGS
                ? bindings.find(sessionId).filter(b -> b.caller().principal().equals(authenticated.principal()))
                .isPresent()
                : resumeSession.resume(new ResumeMcpSessionUseCase.SessionRequest(sessionId,
                authenticated.principal())).isPresent();
        return owned ? Admission.of(authenticated, sessionId) : notFound(rpcId);
    }

    /** Binds a session an upstream (or the demo app, for anonymous callers) just created to its caller. */
    McpSessionBindings.Binding bind(String sessionId, McpCaller caller) {
        return bindings.bind(sessionId, caller, clock.instant().plus(sessionTtl()));
    }

    void unbind(String sessionId) {
        bindings.end(sessionId);
    }

    Instant sessionExpiry() {
        return clock.instant().plus(sessionTtl());
    }

    boolean isPublic() {
        return settings.mode() instanceof AuthMode.Public;
    }

    /** Whether the tool limits of public access apply to this caller. */
    boolean restrictsTools(McpCaller caller) {
        return caller.principal().isAnonymous() && gateway.publicAccess().limitsTools();
    }

    boolean allowsTool(McpCaller caller, Object toolName) {
        return !caller.principal().isAnonymous()
                || toolName instanceof String name && gateway.publicAccess().allowsTool(name);
    }

    PublicAccess publicAccess() {
        return gateway.publicAccess();
    }

    private Duration sessionTtl() {
        return settings.mode() instanceof AuthMode.Public publicMode ? publicMode.sessionTtl() : settings.mcpSessionTtl();
    }

    private Admission notFound(Object rpcId) {
        return Admission.refused(rpcError(HttpStatus.NOT_FOUND, rpcId, JsonRpc.INVALID_REQUEST, "session not found"));
    }

    MutableHttpResponse<byte[]> rpcError(HttpStatus status, Object id, int code, String text) {
        return json.response(status.getCode(), JsonRpc.error(id, code, text));
    }

    /** Either the caller and its session id (null without a session), or the response to send instead. */
    record Admission(McpCaller caller, String sessionId, MutableHttpResponse<byte[]> failure) {
        static Admission of(McpCaller caller, String sessionId) {
            return new Admission(caller, sessionId, null);
        }

        static Admission refused(MutableHttpResponse<byte[]> failure) {
            return new Admission(null, null, failure);
        }
    }
}
