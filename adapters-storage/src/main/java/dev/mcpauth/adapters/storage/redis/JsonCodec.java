package dev.mcpauth.adapters.storage.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.mcpauth.domain.authorization.PendingAuthorization;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.client.ClientKind;
import dev.mcpauth.domain.client.RedirectUri;
import dev.mcpauth.domain.client.TokenEndpointAuthMethod;
import dev.mcpauth.domain.consent.Consent;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.grant.GrantId;
import dev.mcpauth.domain.grant.RefreshTokenFamily;
import dev.mcpauth.domain.pkce.CodeChallenge;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.session.Principal;
import dev.mcpauth.domain.session.Session;
import dev.mcpauth.domain.session.SessionId;
import dev.mcpauth.domain.token.AuthorizationCode;
import dev.mcpauth.domain.token.TokenHash;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Compact JSON for the stored records, written and read with Jackson's streaming API so the domain types need no
 * annotations. Instants are ISO-8601 strings (exact to the nanosecond); optional values are left out when empty.
 * Codes and refresh tokens appear only as their hashes, client secrets only as their hash. Unknown fields are
 * skipped, so that during a rolling upgrade an older instance can read what a newer one wrote.
 */
final class JsonCodec {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonCodec() {
    }

    /** The code without its redeemed flag, which is kept beside the JSON, where the redeem script can set it. */
    static String encode(AuthorizationCode code) {
        return write(json -> {
            json.writeStringField("hash", code.hash().value());
            json.writeStringField("clientId", code.clientId().value());
            json.writeStringField("redirectUri", code.redirectUri());
            json.writeBooleanField("redirectUriInRequest", code.redirectUriInRequest());
            json.writeStringField("challenge", code.challenge().value());
            writeStrings(json, "scopes", code.scopes().values());
            writeStrings(json, "audiences", values(code.audiences(), Audience::value));
            json.writeStringField("subject", code.subject());
            json.writeStringField("grantId", code.grantId().value());
            json.writeStringField("issuedAt", code.issuedAt().toString());
            json.writeStringField("expiresAt", code.expiresAt().toString());
        });
    }

    static AuthorizationCode decodeCode(String text, boolean redeemed) {
        Fields f = read(text);
        return new AuthorizationCode(new TokenHash(f.string("hash")), new ClientId(f.string("clientId")),
                f.string("redirectUri"), f.bool("redirectUriInRequest"), new CodeChallenge(f.string("challenge")),
                Scopes.of(f.strings("scopes")), audiences(f.strings("audiences")), f.string("subject"),
                new GrantId(f.string("grantId")), f.instant("issuedAt"), f.instant("expiresAt"), redeemed);
    }

    /** The grant without its version, which is kept beside the JSON, where the compare-and-set script reads it. */
    static String encode(Grant grant) {
        return write(json -> {
            json.writeStringField("id", grant.id().value());
            json.writeStringField("clientId", grant.clientId().value());
            json.writeStringField("subject", grant.subject());
            writeStrings(json, "scopes", grant.scopes().values());
            writeStrings(json, "audiences", values(grant.audiences(), Audience::value));
            json.writeStringField("createdAt", grant.createdAt().toString());
            if (grant.revokedAt().isPresent()) {
                json.writeStringField("revokedAt", grant.revokedAt().get().toString());
            }
            if (grant.family().isPresent()) {
                RefreshTokenFamily family = grant.family().get();
                json.writeObjectFieldStart("family");
                json.writeStringField("current", family.current().value());
                json.writeStringField("currentExpiresAt", family.currentExpiresAt().toString());
                writeStrings(json, "rotated", values(family.rotated(), TokenHash::value));
                json.writeEndObject();
            }
        });
    }

    static Grant decodeGrant(String text, long version) {
        Fields f = read(text);
        RefreshTokenFamily family = f.optionalObject("family")
                .map(fam -> new RefreshTokenFamily(new TokenHash(fam.string("current")),
                        fam.instant("currentExpiresAt"), values(fam.strings("rotated"), TokenHash::new)))
                .orElse(null);
        return new Grant(new GrantId(f.string("id")), new ClientId(f.string("clientId")), f.string("subject"),
                Scopes.of(f.strings("scopes")), audiences(f.strings("audiences")), f.instant("createdAt"),
                f.optionalInstant("revokedAt").orElse(null), family, version);
    }

    static String encode(PendingAuthorization pending) {
        return write(json -> {
            json.writeStringField("id", pending.id());
            json.writeStringField("clientId", pending.clientId().value());
            json.writeStringField("redirectUri", pending.redirectUri());
            json.writeBooleanField("redirectUriInRequest", pending.redirectUriInRequest());
            if (pending.state() != null) {
                json.writeStringField("state", pending.state());
            }
            json.writeStringField("challenge", pending.challenge().value());
            writeStrings(json, "scopes", pending.scopes().values());
            writeStrings(json, "audiences", values(pending.audiences(), Audience::value));
            json.writeStringField("csrfToken", pending.csrfToken());
            json.writeStringField("expiresAt", pending.expiresAt().toString());
            if (pending.subject().isPresent()) {
                json.writeStringField("subject", pending.subject().get());
            }
        });
    }

    static PendingAuthorization decodePending(String text) {
        Fields f = read(text);
        return new PendingAuthorization(f.string("id"), new ClientId(f.string("clientId")), f.string("redirectUri"),
                f.bool("redirectUriInRequest"), f.optionalString("state").orElse(null),
                new CodeChallenge(f.string("challenge")), Scopes.of(f.strings("scopes")),
                audiences(f.strings("audiences")), f.string("csrfToken"), f.instant("expiresAt"),
                f.optionalString("subject"));
    }

    static String encode(Session session) {
        return write(json -> {
            json.writeStringField("id", session.id().value());
            json.writeObjectFieldStart("principal");
            Principal principal = session.principal();
            if (principal instanceof Principal.Authenticated authenticated) {
                json.writeStringField("type", "authenticated");
                json.writeStringField("subject", authenticated.subject());
                json.writeStringField("clientId", authenticated.clientId());
            } else {
                json.writeStringField("type", "anonymous");
                json.writeStringField("subject", principal.subject());
            }
            json.writeEndObject();
            writeStrings(json, "scopes", session.scopes().values());
            json.writeStringField("createdAt", session.createdAt().toString());
            json.writeStringField("expiresAt", session.expiresAt().toString());
            json.writeBooleanField("ended", session.isEnded());
        });
    }

    static Session decodeSession(String text) {
        Fields f = read(text);
        Fields p = f.object("principal");
        String type = p.string("type");
        Principal principal;
        if ("authenticated".equals(type)) {
            principal = new Principal.Authenticated(p.string("subject"), p.string("clientId"));
        } else if ("anonymous".equals(type)) {
            principal = new Principal.Anonymous(p.string("subject"));
        } else {
            throw corrupt("unknown principal type " + type);
        }
        return new Session(new SessionId(f.string("id")), principal, Scopes.of(f.strings("scopes")),
                f.instant("createdAt"), f.instant("expiresAt"), f.bool("ended"));
    }

    static String encode(Consent consent) {
        return write(json -> {
            json.writeStringField("subject", consent.subject());
            json.writeStringField("clientId", consent.clientId().value());
            writeStrings(json, "scopes", consent.scopes().values());
        });
    }

    static Consent decodeConsent(String text) {
        Fields f = read(text);
        return new Consent(f.string("subject"), new ClientId(f.string("clientId")), Scopes.of(f.strings("scopes")));
    }

    static String encode(Client client) {
        return write(json -> {
            json.writeStringField("id", client.id().value());
            if (client.secretHash().isPresent()) {
                json.writeStringField("secretHash", client.secretHash().get());
            }
            writeStrings(json, "redirectUris", values(client.redirectUris(), RedirectUri::value));
            json.writeStringField("authMethod", client.authMethod().value());
            json.writeStringField("name", client.name());
            writeStrings(json, "scope", client.scope().values());
            json.writeStringField("kind", client.kind().name());
            json.writeStringField("issuedAt", client.issuedAt().toString());
        });
    }

    static Client decodeClient(String text) {
        Fields f = read(text);
        return new Client(new ClientId(f.string("id")), f.optionalString("secretHash"),
                values(f.strings("redirectUris"), RedirectUri::new),
                TokenEndpointAuthMethod.fromValue(f.string("authMethod")), f.string("name"),
                Scopes.of(f.strings("scope")), ClientKind.valueOf(f.string("kind")), f.instant("issuedAt"));
    }

    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            body.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to a string", e);
        }
        return out.toString();
    }

    private static void writeStrings(JsonGenerator json, String name, Collection<String> values) throws IOException {
        json.writeArrayFieldStart(name);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    private static <T, R> List<R> values(Collection<T> items, Function<T, R> value) {
        List<R> result = new ArrayList<>(items.size());
        for (T item : items) {
            result.add(value.apply(item));
        }
        return result;
    }

    private static List<Audience> audiences(List<String> values) {
        return values(values, Audience::new);
    }

    private static Fields read(String text) {
        if (text == null) {
            throw corrupt("the record has no data");
        }
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw corrupt("a record is a JSON object");
            }
            Fields fields = readObject(parser);
            if (parser.nextToken() != null) {
                throw corrupt("trailing content after the record");
            }
            return fields;
        } catch (IOException e) {
            throw corrupt("unreadable JSON: " + e.getMessage());
        }
    }

    /** Reads the object whose START_OBJECT the parser is on. */
    private static Fields readObject(JsonParser parser) throws IOException {
        Map<String, Object> values = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            values.put(name, readValue(parser, parser.nextToken()));
        }
        return new Fields(values);
    }

    private static Object readValue(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw corrupt("truncated JSON");
        }
        switch (token) {
            case START_OBJECT:
                return readObject(parser);
            case START_ARRAY:
                List<Object> items = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    items.add(readValue(parser, next));
                }
                return items;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                // Never written by this version, but a newer one may add a numeric field.
                return parser.getNumberValue();
            default:
                throw corrupt("unexpected " + token);
        }
    }

    private static IllegalStateException corrupt(String why) {
        return new IllegalStateException("a stored record is corrupt: " + why);
    }

    /** The fields of one JSON object, with typed access that fails on a missing or mistyped required field. */
    private static final class Fields {
        private final Map<String, Object> values;

        Fields(Map<String, Object> values) {
            this.values = values;
        }

        String string(String name) {
            return optionalString(name).orElseThrow(() -> corrupt("missing " + name));
        }

        Optional<String> optionalString(String name) {
            return Optional.ofNullable(typed(name, String.class));
        }

        boolean bool(String name) {
            Boolean value = typed(name, Boolean.class);
            if (value == null) {
                throw corrupt("missing " + name);
            }
            return value;
        }

        Instant instant(String name) {
            return parseInstant(name, string(name));
        }

        Optional<Instant> optionalInstant(String name) {
            return optionalString(name).map(text -> parseInstant(name, text));
        }

        private static Instant parseInstant(String name, String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw corrupt(name + " is not an instant");
            }
        }

        List<String> strings(String name) {
            List<?> list = typed(name, List.class);
            if (list == null) {
                throw corrupt("missing " + name);
            }
            List<String> strings = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String)) {
                    throw corrupt(name + " must hold strings");
                }
                strings.add((String) item);
            }
            return strings;
        }

        Fields object(String name) {
            return optionalObject(name).orElseThrow(() -> corrupt("missing " + name));
        }

        Optional<Fields> optionalObject(String name) {
            return Optional.ofNullable(typed(name, Fields.class));
        }

        private <T> T typed(String name, Class<T> type) {
            Object value = values.get(name);
            if (value != null && !type.isInstance(value)) {
                throw corrupt(name + " is not a " + type.getSimpleName());
            }
            return type.cast(value);
        }
    }
}
