package dev.mcpauth.application.port.out;

import java.util.Map;

/** One part of the service whose health is reported (storage, signing keys). */
public interface HealthProbe {
    String component();

    /**
     * Checks the component and describes it (no secrets); throws when it is down.
     *
     * @return details such as the storage type or the active key id
     */
    Map<String, Object> check();
}
