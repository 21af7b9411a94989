package dev.mcpauth.application.service;

import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.grant.GrantId;
import dev.mcpauth.domain.pkce.CodeChallenge;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.AuthorizationCode;
import dev.mcpauth.domain.token.TokenHash;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An authorization code as text, to be sealed into a stateless code value: one {@code key=value} line per field,
 * values URL-encoded (so no value can hold a line break or an {@code =} that would confuse the split), one
 * {@code aud} line per resource. Decoding is strict: every field exactly once, nothing unknown, or nothing at all.
 */
final class AuthorizationCodeCodec {
    private static final String VERSION = "1";
    private static final String AUDIENCE = "aud";
    private static final Set<String> SINGLE_FIELDS = Set.of("v", "hash", "client", "redirect", "redirect_in_request",
            "challenge", "scope", "sub", "grant", "iat", "exp");

    private AuthorizationCodeCodec() {
    }

    /** The code's fields; {@code redeemed} is not among them, as a code is only ever sealed unredeemed. */
    static byte[] encode(AuthorizationCode code) {
        StringBuilder text = new StringBuilder();
        line(text, "v", VERSION);
        line(text, "hash", code.hash().value());
        line(text, "client", code.clientId().value());
        line(text, "redirect", code.redirectUri());
        line(text, "redirect_in_request", Boolean.toString(code.redirectUriInRequest()));
        line(text, "challenge", code.challenge().value());
        line(text, "scope", code.scopes().asString());
        for (Audience audience : code.audiences()) {
            line(text, AUDIENCE, audience.value());
        }
        line(text, "sub", code.subject());
        line(text, "grant", code.grantId().value());
        line(text, "iat", code.issuedAt().toString());
        line(text, "exp", code.expiresAt().toString());
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The code the text describes, unredeemed; empty when the text is not one {@link #encode} wrote. */
    static Optional<AuthorizationCode> decode(byte[] encoded) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(encoded))
                    .toString();
            Map<String, String> fields = new HashMap<>();
            List<Audience> audiences = new ArrayList<>();
            for (String line : text.split("\n", -1)) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    return Optional.empty();
                }
                String key = line.substring(0, eq);
                String value = URLDecoder.decode(line.substring(eq + 1), StandardCharsets.UTF_8);
                if (AUDIENCE.equals(key)) {
                    audiences.add(new Audience(value));
                } else if (!SINGLE_FIELDS.contains(key) || fields.put(key, value) != null) {
                    return Optional.empty();
                }
            }
            if (fields.size() != SINGLE_FIELDS.size() || !VERSION.equals(fields.get("v"))) {
                return Optional.empty();
            }
            return Optional.of(new AuthorizationCode(
                    new TokenHash(fields.get("hash")),
                    new ClientId(fields.get("client")),
                    fields.get("redirect"),
                    parseBoolean(fields.get("redirect_in_request")),
                    new CodeChallenge(fields.get("challenge")),
                    Scopes.parse(fields.get("scope")),
                    audiences,
                    fields.get("sub"),
                    new GrantId(fields.get("grant")),
                    Instant.parse(fields.get("iat")),
                    Instant.parse(fields.get("exp")),
                    false));
        } catch (CharacterCodingException | RuntimeException malformed) {
            // Only text this class wrote is ever sealed, so this is a bug or a key shared with something else.
            return Optional.empty();
        }
    }

    private static void line(StringBuilder text, String key, String value) {
        if (text.length() > 0) {
            text.append('\n');
        }
        text.append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static boolean parseBoolean(String value) {
        if ("true".equals(value)) {
            return true;
        }
        if ("false".equals(value)) {
            return false;
        }
        throw new IllegalArgumentException("not a boolean");
    }
}
