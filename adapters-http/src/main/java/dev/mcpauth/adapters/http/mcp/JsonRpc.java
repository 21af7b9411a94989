package dev.mcpauth.adapters.http.mcp;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON-RPC 2.0 messages as MCP uses them. */
final class JsonRpc {
    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;
    /** The upstream did not answer within its read timeout (the MCP SDKs' "request timeout" code). */
    static final int UPSTREAM_TIMEOUT = -32001;
    /** A public-mode tool limit refused {@code tools/call}. */
    static final int TOOL_NOT_ALLOWED = -32003;
    /** An anonymous session exceeded its rate limit (HTTP 429). */
    static final int RATE_LIMITED = -32029;

    private JsonRpc() {
    }

    static Map<String, Object> response(Object id, Outcome outcome) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("jsonrpc", "2.0");
        message.put("id", id);
        if (outcome.error() != null) {
            message.put("error", outcome.error());
        } else {
            message.put("result", outcome.result());
        }
        return message;
    }

    static Map<String, Object> error(Object id, int code, String text) {
        return response(id, Outcome.error(code, text));
    }

    /** A result or an error object. */
    record Outcome(Object result, Map<String, Object> error) {
        static Outcome result(Object result) {
            return new Outcome(result, null);
        }

        static Outcome error(int code, String message) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", code);
            error.put("message", message);
            return new Outcome(null, error);
        }
    }
}
