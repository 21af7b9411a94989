package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.AuthorizationResponse;
import dev.mcpauth.application.port.in.DecideConsentUseCase;
import dev.mcpauth.application.port.out.AuthorizationCodeStore;
import dev.mcpauth.application.port.out.ConsentStore;
import dev.mcpauth.application.port.out.TokenGenerator;
import dev.mcpauth.application.port.out.PendingAuthorizationStore;
import dev.mcpauth.application.port.out.SecretSealer;
import dev.mcpauth.application.settings.AuthorizationServerSettings;
import dev.mcpauth.domain.authorization.PendingAuthorization;
import dev.mcpauth.domain.consent.Consent;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.scope.Scopes;

import java.time.Clock;

/** The consent page's answer: a code on approval, {@code access_denied} on denial (RFC 6749 §4.1.2.1). */
public final class DecideConsentService implements DecideConsentUseCase {
    private final PendingAuthorizations pendings;
    private final ConsentStore consents;
    private final CodeIssuer codeIssuer;
    private final Clock clock;
    private final AuthorizationServerSettings settings;

    /** With stateful sessions: codes stored by hash in {@code codes}. */
    public DecideConsentService(PendingAuthorizationStore pendings, ConsentStore consents,
                                AuthorizationCodeStore codes, TokenGenerator generator, Clock clock,
                                AuthorizationServerSettings settings) {
        this(pendings, consents, new StoredAuthorizationCodes(codes), generator, clock, settings);
    }

    /**
     * With stateless sessions: codes sealed by {@code sealer}, nothing stored.
     *
     * @throws IllegalArgumentException unless {@code settings} has session-mode stateless
     */
    public DecideConsentService(PendingAuthorizationStore pendings, ConsentStore consents, SecretSealer sealer,
                                TokenGenerator generator, Clock clock, AuthorizationServerSettings settings) {
        this(pendings, consents, SealedAuthorizationCodes.forIssuing(sealer, clock, settings, "DecideConsentService"),
                generator, clock, settings);
    }

    private DecideConsentService(PendingAuthorizationStore pendings, ConsentStore consents, AuthorizationCodes codes,
                                 TokenGenerator generator, Clock clock, AuthorizationServerSettings settings) {
        this.pendings = new PendingAuthorizations(pendings, clock);
        this.consents = consents;
        this.codeIssuer = new CodeIssuer(codes, generator, clock, settings.lifetimes().authorizationCode());
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public AuthorizationResponse decide(ConsentDecision decision) {
        PendingAuthorization pending = pendings.find(decision.requestId());
        pending.checkCsrf(decision.formCsrfToken(), decision.cookieCsrfToken());
        if (!pending.isAuthenticated()) {
            throw new OAuthException(OAuthError.ACCESS_DENIED, "sign in before giving consent");
        }
        pending = pendings.take(pending.id());
        if (!decision.approved()) {
            return AuthorizationResponse.error(pending.redirectUri(), OAuthError.ACCESS_DENIED,
                    "the user denied the request", pending.state(), decision.issuer());
        }
        remember(pending);
        return codeIssuer.issue(pending, decision.issuer());
    }

    private void remember(PendingAuthorization pending) {
        if (settings.rememberConsent()) {
            String subject = pending.subject().orElseThrow();
            // Widen what was approved before; a narrower request must not shrink a remembered consent.
            Scopes scopes = consents.find(subject, pending.clientId())
                    .map(previous -> previous.scopes().union(pending.scopes()))
                    .orElse(pending.scopes());
            Consent consent = new Consent(subject, pending.clientId(), scopes);
            consents.save(consent, clock.instant().plus(settings.lifetimes().refreshToken()));
        }
    }
}
