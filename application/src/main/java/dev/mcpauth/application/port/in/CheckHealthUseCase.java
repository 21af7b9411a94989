package dev.mcpauth.application.port.in;

import java.util.Map;

/** The service's health: UP only when every component is. */
public interface CheckHealthUseCase {
    HealthReport check();

    record HealthReport(boolean up, Map<String, Component> components) {
        public HealthReport {
            components = Map.copyOf(components);
        }
    }

    record Component(boolean up, Map<String, Object> details) {
        public Component {
            details = Map.copyOf(details);
        }
    }
}
