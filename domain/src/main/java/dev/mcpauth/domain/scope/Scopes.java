package dev.mcpauth.domain.scope;

import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A set of scope tokens (RFC 6749 §3.3): space-delimited, each of the characters %x21 / %x23-5B / %x5D-7E.
 * Order is kept for display; equality is set equality.
 */
public record Scopes(Set<String> values) {
    private static final Scopes EMPTY = new Scopes(Set.of());

    public Scopes {
        LinkedHashSet<String> copy = new LinkedHashSet<>();
        for (String token : values) {
            checkToken(token);
            copy.add(token);
        }
        values = Collections.unmodifiableSet(copy);
    }

    public static Scopes empty() {
        return EMPTY;
    }

    public static Scopes of(Collection<String> tokens) {
        return new Scopes(new LinkedHashSet<>(tokens));
    }

    public static Scopes of(String... tokens) {
        return of(java.util.Arrays.asList(tokens));
    }

    /** Parses the space-delimited form; null or blank gives the empty set. */
    public static Scopes parse(String spaceDelimited) {
        if (spaceDelimited == null || spaceDelimited.isBlank()) {
            return EMPTY;
        }
        LinkedHashSet<String> tokens = new LinkedHashSet<>();
        for (String token : spaceDelimited.split(" ")) {
            if (!token.isEmpty()) {
                tokens.add(token);
            }
        }
        return new Scopes(tokens);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public boolean contains(String scope) {
        return values.contains(scope);
    }

    public boolean containsAll(Scopes other) {
        return values.containsAll(other.values);
    }

    /** The scopes of {@code requested} outside this set, in request order. */
    public Scopes missingFrom(Scopes requested) {
        LinkedHashSet<String> missing = new LinkedHashSet<>(requested.values);
        missing.removeAll(values);
        return new Scopes(missing);
    }

    public Scopes union(Scopes other) {
        LinkedHashSet<String> all = new LinkedHashSet<>(values);
        all.addAll(other.values);
        return new Scopes(all);
    }

    /** The space-delimited form used on the wire. */
    public String asString() {
        return String.join(" ", values);
    }

    @Override
    public String toString() {
        return asString();
    }

    private static void checkToken(String token) {
        if (token == null || token.isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_SCOPE, "empty scope token");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean allowed = c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
            if (!allowed) {
                throw new OAuthException(OAuthError.INVALID_SCOPE, "scope contains a character RFC 6749 §3.3 forbids");
            }
        }
    }
}
