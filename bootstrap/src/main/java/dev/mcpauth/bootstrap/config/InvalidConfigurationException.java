package dev.mcpauth.bootstrap.config;

/** A configuration mcpauth cannot start with; the message names the key and what is wrong with it. */
public final class InvalidConfigurationException extends RuntimeException {
    private final String key;

    public InvalidConfigurationException(String key, String problem) {
        super(key + ": " + problem, null, false, false);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
