package dev.mcpauth.application.port.out;

import java.util.List;
import java.util.Map;

/** The public half of the signing keys, as JSON Web Keys (RFC 7517 §4), for the JWKS document. */
public interface SigningKeys {
    List<Map<String, Object>> publicJwks();

    /** The JWS algorithm tokens are signed with ({@code ES256} or {@code RS256}). */
    String algorithm();
}
