package dev.mcpauth.adapters.http.support;

import dev.mcpauth.domain.error.OAuthException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request parameters from a query string, a form body or a JSON object, keeping every value so that repeated
 * parameters can be refused (RFC 6749 §3.1, §3.2) and multi-valued ones ({@code resource}) read.
 */
public final class RequestParameters {
    private final Map<String, List<String>> values;

    private RequestParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    public static RequestParameters empty() {
        return new RequestParameters(Map.of());
    }

    /** Parses {@code application/x-www-form-urlencoded} text (also the syntax of a query string). */
    public static RequestParameters parseUrlEncoded(String encoded) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return new RequestParameters(values);
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return new RequestParameters(values);
    }

    /** Reads a JSON object's members: strings, numbers and booleans as text, arrays of them as repeated values. */
    public static RequestParameters fromJson(Map<String, Object> json) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> member : json.entrySet()) {
            List<String> list = new ArrayList<>();
            if (member.getValue() instanceof List<?> array) {
                for (Object item : array) {
                    list.add(scalar(member.getKey(), item));
                }
            } else if (member.getValue() != null) {
                list.add(scalar(member.getKey(), member.getValue()));
            }
            values.put(member.getKey(), list);
        }
        return new RequestParameters(values);
    }

    /** The single value of a parameter, or null when absent or empty (RFC 6749 §3.1: empty means omitted). */
    public String get(String name) {
        List<String> list = values.get(name);
        if (list == null || list.isEmpty()) {
            return null;
        }
        String value = list.get(0);
        return value.isEmpty() ? null : value;
    }

    /** Every non-empty value of a parameter. */
    public List<String> all(String name) {
        List<String> list = values.getOrDefault(name, List.of());
        return list.stream().filter(v -> !v.isEmpty()).toList();
    }

    public boolean has(String name) {
        return get(name) != null;
    }

    /** Names given more than once, except those allowed to repeat. */
    public List<String> repeated(List<String> mayRepeat) {
        List<String> repeated = new ArrayList<>();
        values.forEach((name, list) -> {
            if (list.size() > 1 && !mayRepeat.contains(name)) {
                repeated.add(name);
            }
        });
        return Collections.unmodifiableList(repeated);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest("malformed percent-encoding in the request");
        }
    }

    private static String scalar(String name, Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw OAuthException.invalidRequest(name + " must be a string");
    }
}
