package dev.mcpauth.bootstrap;

import dev.mcpauth.adapters.idp.jose.SigningKey;
import dev.mcpauth.bootstrap.config.InvalidConfigurationException;
import dev.mcpauth.bootstrap.config.McpAuthConfiguration;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.runtime.server.EmbeddedServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * Starts mcpauth, or runs one of its commands ({@code hash-password}, {@code rotate-keys}, {@code train}). A
 * configuration error stops startup with one line naming the key, and exit status 2.
 */
public final class McpAuthApplication {
    private static final Logger LOG = LoggerFactory.getLogger(McpAuthApplication.class);

    private McpAuthApplication() {
    }

    public static void main(String[] args) {
        JarServiceIndex.installFor(McpAuthApplication.class);
        if (args.length > 0 && "hash-password".equals(args[0])) {
            System.exit(HashPasswordCommand.run(System.console(), System.in, System.out, System.err));
        }
        if (args.length > 0 && "rotate-keys".equals(args[0])) {
            System.exit(rotateKeys());
        }
        try {
            if (args.length > 0 && "train".equals(args[0])) {
                System.exit(TrainCommand.run(System.out));
            }
            start(args);
        } catch (InvalidConfigurationException e) {
            System.err.println("mcpauth: invalid configuration: " + e.getMessage());
            System.exit(2);
        }
    }

    private static int rotateKeys() {
        try (ApplicationContext context = contextBuilder().build().start()) {
            return RotateKeysCommand.run(context, System.out, System.err);
        } catch (RuntimeException e) {
            Optional<InvalidConfigurationException> invalid = causeOf(e);
            if (invalid.isEmpty()) {
                throw e;
            }
            System.err.println("mcpauth: invalid configuration: " + invalid.get().getMessage());
            return 2;
        }
    }

    /** Starts the server; the caller owns the returned context. */
    public static ApplicationContext start(String... args) {
        return start(contextBuilder().args(args));
    }

    /**
     * Starts the server with properties that override every other source (for tests and embedding hosts), such as
     * {@code micronaut.server.port=-1} for a free port.
     */
    public static ApplicationContext start(Map<String, Object> properties) {
        return start(contextBuilder().properties(properties));
    }

    private static ApplicationContext start(ApplicationContextBuilder builder) {
        long started = System.nanoTime();
        loadSignatureProviderMeanwhile();
        ApplicationContext context = builder.build();
        try {
            context.start();
            McpAuthConfiguration configuration = context.getBean(McpAuthConfiguration.class);
            context.getBean(LocalUsers.class);
            context.getBean(KeyRingRefresher.class);
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            LOG.info("mcpauth {} started in {} ms on {} (mode {}, storage {}, signing {})",
                    configuration.server().version(), (System.nanoTime() - started) / 1_000_000, server.getURL(),
                    configuration.auth().mode().label(), configuration.auth().storage().type().name().toLowerCase(),
                    configuration.auth().signing().algorithm());
            configuration.apps().forEach(app -> LOG.info("MCP endpoint {}: {}{}", app.app().id(),
                    configuration.server().publicUrl().orElse(server.getURL().toString()), app.app().path()));
            return context;
        } catch (RuntimeException e) {
            Optional<InvalidConfigurationException> invalid = causeOf(e);
            if (context.isRunning()) {
                context.stop();
            }
            throw invalid.<RuntimeException>map(x -> x).orElse(e);
        }
    }

    /** Every context mcpauth starts: its own class, its built-in defaults below every other source, no banner. */
    private static ApplicationContextBuilder contextBuilder() {
        return ApplicationContext.builder(McpAuthApplication.class)
                .propertySources(BuiltInDefaults.propertySource()).banner(false);
    }

    /**
     * The native signature provider unpacks and self-tests its library, a few hundred milliseconds that would
     * otherwise come on top of the framework's startup; on another core they come alongside it. The first key waits
     * for it if it is not done.
     */
    private static void loadSignatureProviderMeanwhile() {
        Thread loader = new Thread(SigningKey::chooseSignatureProvider, "mcpauth-load-signature-provider");
        loader.setDaemon(true);
        loader.start();
    }

    private static Optional<InvalidConfigurationException> causeOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationException invalid) {
                return Optional.of(invalid);
            }
        }
        return Optional.empty();
    }
}
