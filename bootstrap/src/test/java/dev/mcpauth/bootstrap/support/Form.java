package dev.mcpauth.bootstrap.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ordered request parameters (names may repeat), encoded as a form body or a query string. */
public final class Form {
    private final List<Map.Entry<String, String>> pairs = new ArrayList<>();

    /** @param namesAndValues name, value, name, value, ... */
    public static Form of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        Form form = new Form();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }

    /** Adds a value; a null value is skipped. */
    public Form add(String name, String value) {
        if (value != null) {
            pairs.add(Map.entry(name, value));
        }
        return this;
    }

    /** Replaces every value of {@code name}; null removes it. */
    public Form set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    public Form remove(String name) {
        pairs.removeIf(pair -> pair.getKey().equals(name));
        return this;
    }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        return pairs.stream().filter(pair -> pair.getKey().equals(name)).map(Map.Entry::getValue).findFirst()
                .orElse(null);
    }

    public Form copy() {
        Form copy = new Form();
        copy.pairs.addAll(pairs);
        return copy;
    }

    public String encode() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> pair : pairs) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(pair.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pair.getValue(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** The parameters as a JSON object (each name once; for JSON request bodies). */
    public String toJson() {
        Map<String, String> members = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : pairs) {
            if (members.put(pair.getKey(), pair.getValue()) != null) {
                throw new IllegalStateException(pair.getKey() + " repeats; JSON cannot carry it as a string");
            }
        }
        StringBuilder out = new StringBuilder("{");
        members.forEach((name, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(quote(name)).append(':').append(quote(value));
        });
        return out.append('}').toString();
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @Override
    public String toString() {
        return encode();
    }
}
