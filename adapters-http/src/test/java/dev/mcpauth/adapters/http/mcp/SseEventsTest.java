package dev.mcpauth.adapters.http.mcp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SseEventsTest {

    @Test
    void parseWhenFieldsCommentsAndLineEndingsVaryThenEventsAsDispatched() {
        List<SseEvents.Event> events = SseEvents.parse(": hello\r\nevent: message\r\nid: 4\r\ndata: {\"a\":\r\n"
                + "data:1}\r\n\r\ndata: second\rretry: 10\r\rdata: incomplete");

        assertEquals(List.of(new SseEvents.Event("4", "message", null, "{\"a\":\n1}"),
                new SseEvents.Event(null, null, "10", "second")), events);
    }

    @Test
    void parseWhenNoDataThenNoEvent() {
        assertEquals(List.of(), SseEvents.parse("event: ping\n\n: comment only\n\n"));
    }

    @Test
    void rewriteWhenDataChangedThenOtherFieldsKept() {
        byte[] out = SseEvents.rewrite("event: message\nid: 1\ndata: old\n\n", data -> "new\nlines");

        assertEquals("event: message\nid: 1\ndata: new\ndata: lines\n\n", new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void messageWhenJsonThenOneMessageEvent() {
        assertEquals("event: message\ndata: {}\n\n", new String(SseEvents.message("{}"), StandardCharsets.UTF_8));
    }
}
