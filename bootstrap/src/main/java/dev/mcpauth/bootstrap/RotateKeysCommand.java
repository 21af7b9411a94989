package dev.mcpauth.bootstrap;

import dev.mcpauth.adapters.idp.jose.KeySchedule;
import dev.mcpauth.adapters.idp.jose.SharedSigningKeys;
import dev.mcpauth.adapters.idp.jose.SigningAlgorithm;
import dev.mcpauth.bootstrap.config.McpAuthConfiguration;
import io.micronaut.context.ApplicationContext;

import java.io.PrintStream;
import java.time.Duration;

/**
 * {@code java -jar mcpauth.jar rotate-keys}: schedules a new signing key in the shared key store. The key is
 * published at once and signs after {@link #PUBLISH_LEAD}, long enough for every instance to refresh and for cached
 * JWKS documents to expire; the old key stays published until the access tokens it signed have expired.
 */
final class RotateKeysCommand {
    /** JWKS responses are cacheable for 60 s and instances refresh every 10 s: three minutes covers both. */
    static final Duration PUBLISH_LEAD = Duration.ofMinutes(3);
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private RotateKeysCommand() {
    }

    static int run(ApplicationContext context, PrintStream out, PrintStream err) {
        McpAuthConfiguration configuration = context.getBean(McpAuthConfiguration.class);
        if (configuration.auth().storage().type() != McpAuthConfiguration.StorageType.REDIS) {
            err.println("rotate-keys: needs shared storage (mcpauth.auth.token-storage.type: redis); with memory "
                    + "storage the keys live only inside the running server, and a restart makes new ones");
            return 2;
        }
        AdaptersFactory.SigningKeySource source = context.getBean(AdaptersFactory.SigningKeySource.class);
        if (source.shared().isEmpty()) {
            err.println("rotate-keys: the signing key comes from mcpauth.auth.signing.key-file; replace that file "
                    + "instead");
            return 2;
        }
        SharedSigningKeys keys = source.shared().get();
        String previous = keys.keys().keyRing().active().kid();
        Duration retireAfter = configuration.auth().lifetimes().accessToken().plus(CLOCK_SKEW);
        KeySchedule.Entry next = keys.rotate(SigningAlgorithm.fromName(configuration.auth().signing().algorithm()),
                PUBLISH_LEAD, retireAfter);
        out.println("rotate-keys: key " + next.key().kid() + " is published now and signs from "
                + next.activatesAt() + "; key " + previous + " stays published until "
                + next.activatesAt().plus(retireAfter));
        return 0;
    }
}
