package dev.mcpauth.bootstrap.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict, small JSON reader for protocol tests, independent of the server's own serializer: objects become
 * {@link LinkedHashMap}s, arrays {@link List}s, numbers {@link Long} or {@link Double}. Malformed input fails the
 * test with the offending text.
 */
public final class TestJson {
    private final String text;
    private int at;

    private TestJson(String text) {
        this.text = text;
    }

    public static Object parse(String text) {
        TestJson reader = new TestJson(text);
        Object value = reader.value();
        reader.whitespace();
        if (reader.at != text.length()) {
            throw reader.error("trailing characters");
        }
        return value;
    }

    /** Parses text that must be a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String text) {
        Object value = parse(text);
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError("expected a JSON object, got: " + text);
        }
        return (Map<String, Object>) value;
    }

    private Object value() {
        whitespace();
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object() {
        Map<String, Object> out = new LinkedHashMap<>();
        at++;
        whitespace();
        if (peek('}')) {
            at++;
            return out;
        }
        while (true) {
            whitespace();
            if (!peek('"')) {
                throw error("expected a member name");
            }
            String name = string();
            whitespace();
            expect(':');
            if (out.containsKey(name)) {
                throw error("duplicate member " + name);
            }
            out.put(name, value());
            whitespace();
            if (peek(',')) {
                at++;
            } else {
                expect('}');
                return out;
            }
        }
    }

    private List<Object> array() {
        List<Object> out = new ArrayList<>();
        at++;
        whitespace();
        if (peek(']')) {
            at++;
            return out;
        }
        while (true) {
            out.add(value());
            whitespace();
            if (peek(',')) {
                at++;
            } else {
                expect(']');
                return out;
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("control character in string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escape = text.charAt(at++);
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> throw error("bad escape");
            }
        }
    }

    private Object number() {
        int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        String number = text.substring(start, at);
        if (number.isEmpty()) {
            throw error("unexpected character");
        }
        try {
            return number.contains(".") || number.contains("e") || number.contains("E")
                    ? (Object) Double.parseDouble(number)
                    : (Object) Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw error("bad number " + number);
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, at)) {
            throw error("unexpected character");
        }
        at += word.length();
        return value;
    }

    private void whitespace() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    private AssertionError error(String what) {
        return new AssertionError("malformed JSON (" + what + " at " + at + "): " + text);
    }
}
