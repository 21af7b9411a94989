package dev.mcpauth.bootstrap;

import dev.mcpauth.adapters.idp.jose.SharedSigningKeys;
import jakarta.inject.Singleton;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Re-reads the shared signing keys every few seconds, so that a rotation made by another instance (or the
 * rotate-keys command) is published here, and each scheduled key starts signing when its time comes.
 */
@Singleton
final class KeyRingRefresher {
    static final long PERIOD_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(KeyRingRefresher.class);

    private final ScheduledExecutorService scheduler;

    KeyRingRefresher(AdaptersFactory.SigningKeySource source) {
        Optional<SharedSigningKeys> shared = source.shared();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mcpauth-key-refresh");
            thread.setDaemon(true);
            return thread;
        });
        shared.ifPresent(keys -> scheduler.scheduleWithFixedDelay(() -> refresh(keys), PERIOD_SECONDS,
                PERIOD_SECONDS, TimeUnit.SECONDS));
    }

    private static void refresh(SharedSigningKeys keys) {
        try {
            keys.refresh();
        } catch (RuntimeException e) {
            // Storage down: keep signing with the ring we have; the next round tries again.
            LOG.warn("cannot refresh the signing keys from token storage: {}", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
