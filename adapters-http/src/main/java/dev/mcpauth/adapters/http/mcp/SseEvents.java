package dev.mcpauth.adapters.http.mcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Server-sent events (WHATWG HTML "Server-sent events" §9.2.6), just enough to rewrite the one message of an
 * upstream response that the gateway must change: events are parsed from complete text and written back with their
 * {@code id}, {@code event}, {@code retry} and {@code data} fields (comments are dropped).
 */
final class SseEvents {
    private SseEvents() {
    }

    /** One dispatched event; null fields were absent. */
    record Event(String id, String event, String retry, String data) {
        Event withData(String newData) {
            return new Event(id, event, retry, newData);
        }
    }

    /** The complete events in {@code text} (an unterminated last event is left out). */
    static List<Event> parse(String text) {
        List<Event> events = new ArrayList<>();
        String id = null;
        String event = null;
        String retry = null;
        StringBuilder data = null;
        int at = 0;
        while (at < text.length()) {
            int end = at;
            while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            if (end == text.length()) {
                break; // no line terminator yet: an incomplete line
            }
            String line = text.substring(at, end);
            at = end + (text.charAt(end) == '\r' && end + 1 < text.length() && text.charAt(end + 1) == '\n' ? 2 : 1);
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new Event(id, event, retry, data.toString()));
                }
                id = null;
                event = null;
                retry = null;
                data = null;
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "id" -> id = value;
                case "event" -> event = value;
                case "retry" -> retry = value;
                default -> {
                    // unknown fields are ignored
                }
            }
        }
        return events;
    }

    static byte[] write(List<Event> events) {
        StringBuilder out = new StringBuilder();
        for (Event e : events) {
            if (e.event() != null) {
                out.append("event: ").append(e.event()).append('\n');
            }
            if (e.id() != null) {
                out.append("id: ").append(e.id()).append('\n');
            }
            if (e.retry() != null) {
                out.append("retry: ").append(e.retry()).append('\n');
            }
            for (String line : e.data().split("\n", -1)) {
                out.append("data: ").append(line).append('\n');
            }
            out.append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code text} with each event's data replaced by {@code rewrite}'s result. */
    static byte[] rewrite(String text, UnaryOperator<String> rewrite) {
        List<Event> events = new ArrayList<>();
        for (Event e : parse(text)) {
            events.add(e.withData(rewrite.apply(e.data())));
        }
        return write(events);
    }

    /** One SSE message event carrying {@code json}. */
    static byte[] message(String json) {
        return write(List.of(new Event(null, "message", null, json)));
    }
}
