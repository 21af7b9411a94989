package dev.mcpauth.adapters.http.operations;

import dev.mcpauth.adapters.http.support.Json;
import dev.mcpauth.application.port.in.CheckHealthUseCase;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /health}: 200 UP or 503 DOWN, with the status of the storage and the signing keys. */
@Controller("/health")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class HealthController {
    private final CheckHealthUseCase health;
    private final Json json;

    public HealthController(CheckHealthUseCase health, Json json) {
        this.health = health;
        this.json = json;
    }

    @Get
    public HttpResponse<byte[]> health() {
        CheckHealthUseCase.HealthReport report = health.check();
        Map<String, Object> components = new LinkedHashMap<>();
        report.components().forEach((name, component) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", component.up() ? "UP" : "DOWN");
            entry.putAll(component.details());
            components.put(name, entry);
        });
        return json.response(report.up() ? 200 : 503, Map.of("status", report.up() ? "UP" : "DOWN",
                        "components", components))
                .header("Cache-Control", "no-store");
    }
}
