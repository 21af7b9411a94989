package dev.mcpauth.bootstrap.gateway;

import dev.mcpauth.bootstrap.support.TestJson;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading MCP messages from SSE, whole bodies or one event at a time from a live stream. */
final class Sse {
    private Sse() {
    }

    /** One event's JSON message and when its last line was read. */
    record Event(Map<String, Object> message, Instant receivedAt) {
    }

    /** The JSON messages of every {@code data:} line of a complete SSE body. */
    static List<Map<String, Object>> messages(String body) {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (String line : body.split("\r?\n")) {
            if (line.startsWith("data:")) {
                messages.add(TestJson.object(line.substring(5).trim()));
            }
        }
        return messages;
    }

    /** The single JSON-RPC response in a complete SSE body. */
    static Map<String, Object> response(String body) {
        return messages(body).stream().filter(m -> m.containsKey("result") || m.containsKey("error")).findFirst()
                .orElseThrow(() -> new AssertionError("no JSON-RPC response in: " + body));
    }

    /** The next event of a live stream (data lines joined), or null at its end. */
    static Event next(BufferedReader lines) throws IOException {
        StringBuilder data = null;
        for (String line; (line = lines.readLine()) != null; ) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(TestJson.object(data.toString()), Instant.now());
                }
            } else if (line.startsWith("data:")) {
                String value = line.substring(5).trim();
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return null;
    }

    /** The text of the first content item of a {@code tools/call} result. */
    @SuppressWarnings("unchecked")
    static String text(Map<String, Object> response) {
        Map<String, Object> result = (Map<String, Object>) response.get("result");
        if (result == null) {
            throw new AssertionError("not a result: " + response);
        }
        List<Map<String, Object>> content = (List<Map<String, Object>>) result.get("content");
        return (String) content.get(0).get("text");
    }
}
