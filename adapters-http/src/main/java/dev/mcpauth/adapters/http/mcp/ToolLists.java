package dev.mcpauth.adapters.http.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Filters the tools of a {@code tools/list} result (MCP "Tools": {@code result.tools[].name}). */
final class ToolLists {
    private ToolLists() {
    }

    /** The result with only the tools whose name {@code allowed} accepts; anything else unchanged. */
    static Object filterResult(Object result, Predicate<String> allowed) {
        if (!(result instanceof Map<?, ?> map) || !(map.get("tools") instanceof List<?> tools)) {
            return result;
        }
        List<Object> kept = new ArrayList<>();
        for (Object tool : tools) {
            if (tool instanceof Map<?, ?> t && t.get("name") instanceof String name && allowed.test(name)) {
                kept.add(tool);
            }
        }
        Map<Object, Object> filtered = new LinkedHashMap<>(map);
        filtered.put("tools", kept);
        return filtered;
    }

    /** A JSON-RPC response message with its result filtered; other messages unchanged. */
    static Object filterMessage(Object message, Predicate<String> allowed) {
        if (!(message instanceof Map<?, ?> map) || !map.containsKey("result")) {
            return message;
        }
        Map<Object, Object> filtered = new LinkedHashMap<>(map);
        filtered.put("result", filterResult(map.get("result"), allowed));
        return filtered;
    }

    /** Whether {@code message} is a JSON-RPC response (a result or an error). */
    static boolean isResponse(Object message) {
        return message instanceof Map<?, ?> map && map.containsKey("id")
                && (map.containsKey("result") || map.containsKey("error"));
    }
}
