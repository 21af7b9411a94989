package dev.mcpauth.adapters.http.operations;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** {@code /metrics} in the Prometheus text exposition format. */
@Controller("/metrics")
public final class MetricsController {
    private final Metrics metrics;

    public MetricsController(Metrics metrics) {
        this.metrics = metrics;
    }

    @Get
    public HttpResponse<String> scrape() {
        return HttpResponse.ok(metrics.scrape()).contentType("text/plain; version=0.0.4; charset=utf-8")
                .header("Cache-Control", "no-store");
    }
}
