package dev.mcpauth.adapters.http.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.core.util.SupplierUtil;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The service's metrics, in Prometheus format at {@code /metrics}: tokens issued by grant type, protocol errors by
 * error code, and MCP gateway requests with their latency. Labels carry no secrets and no client-chosen values
 * beyond closed sets (grant types, error codes, app ids, methods, status codes).
 *
 * <p>The registry is made at the first metric or scrape, not with this bean: a filter on every request needs this
 * bean, and making a Prometheus registry loads some two hundred classes that the first request (often a health
 * check) would otherwise wait for.
 */
@Singleton
public final class Metrics {
    private final Supplier<PrometheusMeterRegistry> registry =
            SupplierUtil.memoized(() -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

    public void tokenIssued(String grantType) {
        Counter.builder("mcpauth.tokens.issued").description("Access tokens issued, by grant type")
                .tag("grant_type", grantType).register(registry.get()).increment();
    }

    public void protocolError(String errorCode) {
        Counter.builder("mcpauth.oauth.errors").description("Protocol errors answered, by error code")
                .tag("error", errorCode).register(registry.get()).increment();
    }

    public void gatewayRequest(String app, String method, int status, Duration latency) {
        Timer.builder("mcpauth.gateway.requests").description("MCP endpoint requests: count and latency")
                .tag("app", app).tag("method", method).tag("status", Integer.toString(status))
                .publishPercentiles(0.5, 0.99)
                .register(registry.get()).record(latency);
    }

    String scrape() {
        return registry.get().scrape();
    }
}
