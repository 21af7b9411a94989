package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.CheckHealthUseCase;
import dev.mcpauth.application.port.out.HealthProbe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs every health probe; a probe that throws is DOWN, with the reason as its only detail. */
public final class CheckHealthService implements CheckHealthUseCase {
    private final List<HealthProbe> probes;

    public CheckHealthService(List<HealthProbe> probes) {
        this.probes = List.copyOf(probes);
    }

    @Override
    public HealthReport check() {
        Map<String, Component> components = new LinkedHashMap<>();
        boolean up = true;
        for (HealthProbe probe : probes) {
            Component component;
            try {
                component = new Component(true, probe.check());
            } catch (RuntimeException e) {
                component = new Component(false, Map.of("error", String.valueOf(e.getMessage())));
            }
            up &= component.up();
            components.put(probe.component(), component);
        }
        return new HealthReport(up, components);
    }
}
