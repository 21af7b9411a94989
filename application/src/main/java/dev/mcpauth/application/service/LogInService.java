package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.LogInUseCase;
import dev.mcpauth.application.port.in.LoginOutcome;
import dev.mcpauth.application.port.out.AuthorizationCodeStore;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.application.port.out.ConsentStore;
import dev.mcpauth.application.port.out.FailureCounter;
import dev.mcpauth.application.port.out.PasswordHasher;
import dev.mcpauth.application.port.out.PendingAuthorizationStore;
import dev.mcpauth.application.port.out.SecretSealer;
import dev.mcpauth.application.port.out.TokenGenerator;
import dev.mcpauth.application.port.out.UserDirectory;
import dev.mcpauth.application.settings.AuthorizationServerSettings;
import dev.mcpauth.application.settings.AuthorizationServerSettings.LoginThrottling;
import dev.mcpauth.domain.authorization.PendingAuthorization;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.user.LocalUser;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks the login form against the local users. Failed logins are counted per username and per address; past the
 * limit, logins wait for the window to end (RFC 9700 §4.13 asks for brute-force protection of credentials).
 */
public final class LogInService implements LogInUseCase {
    private final PendingAuthorizations pendingAuthorizations;
    private final PendingAuthorizationStore pendings;
    private final UserDirectory users;
    private final PasswordHasher passwords;
    private final FailureCounter failures;
    private final ConsentStore consents;
    private final ClientRegistry clients;
    private final CodeIssuer codeIssuer;
    private final Clock clock;
    private final AuthorizationServerSettings settings;

    /** With stateful sessions: codes stored by hash in {@code codes}. */
    public LogInService(PendingAuthorizationStore pendings, UserDirectory users, PasswordHasher passwords,
                        FailureCounter failures, ConsentStore consents, ClientRegistry clients,
                        AuthorizationCodeStore codes, TokenGenerator generator, Clock clock,
                        AuthorizationServerSettings settings) {
        this(pendings, users, passwords, failures, consents, clients, new StoredAuthorizationCodes(codes), generator,
                clock, settings);
    }

    /**
     * With stateless sessions: codes sealed by {@code sealer}, nothing stored.
     *
     * @throws IllegalArgumentException unless {@code settings} has session-mode stateless
     */
    public LogInService(PendingAuthorizationStore pendings, UserDirectory users, PasswordHasher passwords,
                        FailureCounter failures, ConsentStore consents, ClientRegistry clients,
                        SecretSealer sealer, TokenGenerator generator, Clock clock,
                        AuthorizationServerSettings settings) {
        this(pendings, users, passwords, failures, consents, clients,
                SealedAuthorizationCodes.forIssuing(sealer, clock, settings, "LogInService"), generator, clock,
                settings);
    }

    private LogInService(PendingAuthorizationStore pendings, UserDirectory users, PasswordHasher passwords,
                         FailureCounter failures, ConsentStore consents, ClientRegistry clients,
                         AuthorizationCodes codes, TokenGenerator generator, Clock clock,
                         AuthorizationServerSettings settings) {
        this.pendingAuthorizations = new PendingAuthorizations(pendings, clock);
        this.pendings = pendings;
        this.users = users;
        this.passwords = passwords;
        this.failures = failures;
        this.consents = consents;
        this.clients = clients;
        this.codeIssuer = new CodeIssuer(codes, generator, clock, settings.lifetimes().authorizationCode());
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public LoginOutcome logIn(LogIn command) {
        try {
            PendingAuthorization pending = pendingAuthorizations.find(command.requestId());
            pending.checkCsrf(command.formCsrfToken(), command.cookieCsrfToken());
            String username = command.username() == null ? "" : command.username().trim();
            String userKey = "login:user:" + username.toLowerCase(Locale.ROOT);
            String addressKey = "login:address:" + command.remoteAddress();
            Optional<Duration> wait = throttled(userKey, addressKey);
            if (wait.isPresent()) {
                return new LoginOutcome.Throttled(pending, wait.get());
            }
            Optional<LocalUser> user = authenticate(username, command.password());
            if (user.isEmpty()) {
                LoginThrottling policy = settings.loginThrottling();
                failures.increment(userKey, policy.window());
                failures.increment(addressKey, policy.window());
                return throttled(userKey, addressKey)
                        .<LoginOutcome>map(d -> new LoginOutcome.Throttled(pending, d))
                        .orElseGet(() -> new LoginOutcome.Rejected(pending));
            }
            failures.reset(userKey);
            return proceed(pending.authenticate(user.get().subject()), command.issuer());
        } finally {
            if (command.password() != null) {
                Arrays.fill(command.password(), '\0');
            }
        }
    }

    private LoginOutcome proceed(PendingAuthorization authenticated, String issuer) {
        if (needsConsent(authenticated)) {
            pendings.save(authenticated);
            String clientName = clients.find(authenticated.clientId()).map(Client::name)
                    .orElse(authenticated.clientId().value());
            return new LoginOutcome.ConsentRequired(authenticated, clientName);
        }
        pendingAuthorizations.take(authenticated.id());
        return new LoginOutcome.Completed(codeIssuer.issue(authenticated, issuer));
    }

    private boolean needsConsent(PendingAuthorization pending) {
        if (!settings.consentEnabled()) {
            return false;
        }
        if (!settings.rememberConsent()) {
            return true;
        }
        return consents.find(pending.subject().orElseThrow(), pending.clientId())
                .map(consent -> !consent.covers(pending.scopes()))
                .orElse(true);
    }

    private Optional<LocalUser> authenticate(String username, char[] password) {
        char[] presented = password == null ? new char[0] : password;
        Optional<LocalUser> user = username.isEmpty() ? Optional.empty() : users.find(username);
        if (user.isEmpty()) {
            passwords.verifyAgainstDummy(presented);
            return Optional.empty();
        }
        return passwords.verify(presented, user.get().passwordHash()) ? user : Optional.empty();
    }

    private Optional<Duration> throttled(String userKey, String addressKey) {
        LoginThrottling policy = settings.loginThrottling();
        Instant now = clock.instant();
        Optional<Duration> user = waitFor(failures.current(userKey), policy.maxFailuresPerUser(), now);
        Optional<Duration> address = waitFor(failures.current(addressKey), policy.maxFailuresPerAddress(), now);
        if (user.isPresent() && address.isPresent()) {
            return Optional.of(user.get().compareTo(address.get()) > 0 ? user.get() : address.get());
        }
        return user.isPresent() ? user : address;
    }

    private static Optional<Duration> waitFor(FailureCounter.Count count, int max, Instant now) {
        if (count.failures() < max || !now.isBefore(count.windowEndsAt())) {
            return Optional.empty();
        }
        Duration remaining = Duration.between(now, count.windowEndsAt());
        return Optional.of(remaining.isZero() ? Duration.ofSeconds(1) : remaining);
    }
}
