package dev.mcpauth.application.port.in;

import java.util.List;
import java.util.Map;

/** The JSON Web Key Set that verifies mcpauth's tokens (RFC 7517 §5). */
public interface PublishKeysUseCase {
    List<Map<String, Object>> publicKeys();
}
