package dev.mcpauth.bootstrap.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A section of the configuration with typed reads. Every failed read names the full key of the value, so that a bad
 * configuration stops startup with one line saying which key is wrong and why.
 */
public final class ConfigNode {
    private static final Pattern DURATION = Pattern.compile("^(\\d+)(ms|s|m|h|d)$");

    private final String path;
    private final Function<String, Optional<Object>> lookup;
    private final Map<?, ?> backingMap;

    ConfigNode(String path, Function<String, Optional<Object>> lookup) {
        this(path, lookup, null);
    }

    private ConfigNode(String path, Function<String, Optional<Object>> lookup, Map<?, ?> backingMap) {
        this.path = path;
        this.lookup = lookup;
        this.backingMap = backingMap;
    }

    /** A node over a map from a YAML list item. */
    static ConfigNode ofMap(String path, Map<?, ?> map) {
        return new ConfigNode(path, key -> {
            Object value = map.get(key);
            if (value == null && key.contains("-")) {
                value = map.get(camelCase(key)); // YAML authors sometimes keep FrontMCP's camelCase names
            }
            return Optional.ofNullable(value);
        }, map);
    }

    public String key(String name) {
        return path + "." + name;
    }

    public ConfigNode child(String name) {
        Optional<Object> section = backingMap == null ? Optional.empty() : raw(name);
        if (section.isPresent() && section.get() instanceof Map<?, ?> map) {
            return ofMap(key(name), map);
        }
        return new ConfigNode(key(name), key -> lookup.apply(name + "." + key).or(() -> nested(name, key)));
    }

    public boolean has(String name) {
        return raw(name).isPresent();
    }

    public Optional<String> string(String name) {
        return raw(name).map(value -> {
            if (value instanceof Map<?, ?> || value instanceof List<?>) {
                throw new InvalidConfigurationException(key(name), "expected a single value");
            }
            String text = value.toString().trim();
            return text;
        }).filter(text -> !text.isEmpty());
    }

    public String string(String name, String fallback) {
        return string(name).orElse(fallback);
    }

    public String requiredString(String name) {
        return string(name).orElseThrow(() -> new InvalidConfigurationException(key(name), "is required"));
    }

    public boolean bool(String name, boolean fallback) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return fallback;
        }
        return switch (text.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidConfigurationException(key(name), "must be true or false, not '" + text.get() + "'");
        };
    }

    public int integer(String name, int fallback, int min, int max) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value < min || value > max) {
                throw new InvalidConfigurationException(key(name), "must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException(key(name), "must be a whole number, not '" + text.get() + "'");
        }
    }

    /** A duration such as {@code 60s}, {@code 15m}, {@code 1h}, {@code 30d}, {@code 500ms}, or ISO-8601. */
    public Duration duration(String name, Duration fallback) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return fallback;
        }
        String value = text.get().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(value);
        try {
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            return Duration.parse(text.get().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new InvalidConfigurationException(key(name),
                    "must be a duration such as 60s, 15m, 1h or 30d, not '" + text.get() + "'");
        }
    }

    public <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return fallback;
        }
        String wanted = text.get().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new InvalidConfigurationException(key(name),
                "must be one of " + String.join(", ", allowed) + ", not '" + text.get() + "'");
    }

    /** A list of strings: a YAML list, or one comma-separated string (as environment variables give). */
    public List<String> strings(String name) {
        Optional<Object> value = raw(name);
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (value.get() instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> || item instanceof List<?>) {
                    throw new InvalidConfigurationException(key(name), "must be a list of strings");
                }
                if (item != null && !item.toString().isBlank()) {
                    out.add(item.toString().trim());
                }
            }
        } else if (value.get() instanceof Map<?, ?>) {
            throw new InvalidConfigurationException(key(name), "must be a list of strings");
        } else {
            for (String part : value.get().toString().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /** A list of sections, such as {@code users} or {@code apps}. */
    public List<ConfigNode> nodes(String name) {
        Optional<Object> value = raw(name);
        if (value.isEmpty()) {
            return List.of();
        }
        if (!(value.get() instanceof List<?> list)) {
            throw new InvalidConfigurationException(key(name), "must be a list");
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                throw new InvalidConfigurationException(key(name) + "[" + i + "]", "must be a map of settings");
            }
            out.add(ofMap(key(name) + "[" + i + "]", map));
        }
        return out;
    }

    /** Refuses keys of a list item that are not known, so that a typo does not silently fall back to a default. */
    public void onlyKeys(Set<String> known) {
        if (backingMap == null) {
            return; // environment-backed sections cannot be enumerated reliably (variables map to many names)
        }
        for (Object k : backingMap.keySet()) {
            String name = String.valueOf(k);
            if (!known.contains(name) && !known.contains(kebabCase(name))) {
                throw new InvalidConfigurationException(key(name), "is not a known setting");
            }
        }
    }

    Optional<Object> raw(String name) {
        return lookup.apply(name);
    }

    private Optional<Object> nested(String parent, String key) {
        Optional<Object> section = lookup.apply(parent);
        if (section.isPresent() && section.get() instanceof Map<?, ?> map) {
            return ofMap(path, map).raw(key);
        }
        return Optional.empty();
    }

    private static String camelCase(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static String kebabCase(String camel) {
        StringBuilder out = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
