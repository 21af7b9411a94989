package dev.mcpauth.bootstrap;

import dev.mcpauth.adapters.idp.upstream.UpstreamIdpSettings;
import dev.mcpauth.adapters.idp.upstream.UpstreamJwtVerifier;
import dev.mcpauth.application.port.in.AuthenticateBearerUseCase;
import dev.mcpauth.application.port.in.AuthenticateUpstreamBearerUseCase;
import dev.mcpauth.application.port.in.DecideConsentUseCase;
import dev.mcpauth.application.port.in.EndMcpSessionUseCase;
import dev.mcpauth.application.port.in.ExchangeAuthorizationCodeUseCase;
import dev.mcpauth.application.port.in.GetUserInfoUseCase;
import dev.mcpauth.application.port.in.IntrospectTokenUseCase;
import dev.mcpauth.application.port.in.LogInUseCase;
import dev.mcpauth.application.port.in.PublishKeysUseCase;
import dev.mcpauth.application.port.in.RefreshAccessTokenUseCase;
import dev.mcpauth.application.port.in.RegisterClientUseCase;
import dev.mcpauth.application.port.in.ResumeMcpSessionUseCase;
import dev.mcpauth.application.port.in.RevokeTokenUseCase;
import dev.mcpauth.application.port.in.StartAuthorizationUseCase;
import dev.mcpauth.application.port.in.StartMcpSessionUseCase;
import dev.mcpauth.application.port.out.AccessTokenVerifier;
import dev.mcpauth.application.port.out.AuthorizationCodeStore;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.application.port.out.ConsentStore;
import dev.mcpauth.application.port.out.FailureCounter;
import dev.mcpauth.application.port.out.GrantStore;
import dev.mcpauth.application.port.out.PasswordHasher;
import dev.mcpauth.application.port.out.PendingAuthorizationStore;
import dev.mcpauth.application.port.out.SecretSealer;
import dev.mcpauth.application.port.out.SessionStore;
import dev.mcpauth.application.port.out.SigningKeys;
import dev.mcpauth.application.port.out.TokenGenerator;
import dev.mcpauth.application.port.out.TokenSigner;
import dev.mcpauth.application.port.out.UsedTokens;
import dev.mcpauth.application.port.out.UserDirectory;
import dev.mcpauth.application.service.AuthenticateBearerService;
import dev.mcpauth.application.service.AuthenticateUpstreamBearerService;
import dev.mcpauth.application.service.DecideConsentService;
import dev.mcpauth.application.service.EndMcpSessionService;
import dev.mcpauth.application.service.ExchangeAuthorizationCodeService;
import dev.mcpauth.application.service.GetUserInfoService;
import dev.mcpauth.application.service.IntrospectTokenService;
import dev.mcpauth.application.service.LogInService;
import dev.mcpauth.application.service.PublishKeysService;
import dev.mcpauth.application.service.RefreshAccessTokenService;
import dev.mcpauth.application.service.RegisterClientService;
import dev.mcpauth.application.service.ResumeMcpSessionService;
import dev.mcpauth.application.service.RevokeTokenService;
import dev.mcpauth.application.service.StartAuthorizationService;
import dev.mcpauth.application.service.StartMcpSessionService;
import dev.mcpauth.application.service.StartSealedMcpSessionService;
import dev.mcpauth.application.service.ResumeSealedMcpSessionService;
import dev.mcpauth.application.service.EndSealedMcpSessionService;
import dev.mcpauth.application.settings.AuthorizationServerSettings;
import dev.mcpauth.bootstrap.config.InvalidConfigurationException;
import dev.mcpauth.bootstrap.config.McpAuthConfiguration;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.mode.AuthMode;
import dev.mcpauth.domain.mode.SessionMode;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The application's use cases, wired to the adapters: one service per use case. */
@Factory
public class UseCasesFactory {
    /** RFC 9700 §4.13-style brute-force limits for the login page. */
    private static final AuthorizationServerSettings.LoginThrottling LOGIN_THROTTLING =
            new AuthorizationServerSettings.LoginThrottling(5, 20, Duration.ofMinutes(15));

    @Singleton
    AuthorizationServerSettings authorizationServerSettings(McpAuthConfiguration configuration) {
        McpAuthConfiguration.Auth auth = configuration.auth();
        SessionMode sessionMode = auth.mode() instanceof AuthMode.OrchestratedLocal local
                ? local.sessionMode() : SessionMode.STATEFUL;
        return new AuthorizationServerSettings(auth.lifetimes(), auth.consent().enabled(),
                auth.consent().rememberConsent(), sessionMode, configuration.mcpApps(), auth.registration(),
                LOGIN_THROTTLING, auth.externalResources());
    }

    @Singleton
    StartAuthorizationUseCase startAuthorization(ClientRegistry clients, PendingAuthorizationStore pendings,
                                                 TokenGenerator generator, Clock clock,
                                                 AuthorizationServerSettings settings) {
        return new StartAuthorizationService(clients, pendings, generator, clock, settings);
    }

    @Singleton
    LogInUseCase logIn(PendingAuthorizationStore pendings, UserDirectory users, PasswordHasher passwords,
                       FailureCounter failures, ConsentStore consents, ClientRegistry clients,
                       AuthorizationCodeStore codes, SecretSealer sealer, TokenGenerator generator, Clock clock,
                       AuthorizationServerSettings settings) {
        return stateless(settings)
                ? new LogInService(pendings, users, passwords, failures, consents, clients, sealer, generator, clock,
                settings)
                : new LogInService(pendings, users, passwords, failures, consents, clients, codes, generator, clock,
                settings);
    }

    @Singleton
    DecideConsentUseCase decideConsent(PendingAuthorizationStore pendings, ConsentStore consents,
                                       AuthorizationCodeStore codes, SecretSealer sealer, TokenGenerator generator,
                                       Clock clock, AuthorizationServerSettings settings) {
        return stateless(settings)
                ? new DecideConsentService(pendings, consents, sealer, generator, clock, settings)
                : new DecideConsentService(pendings, consents, codes, generator, clock, settings);
    }

    @Singleton
    ExchangeAuthorizationCodeUseCase exchangeAuthorizationCode(ClientRegistry clients, PasswordHasher passwords,
                                                               AuthorizationCodeStore codes, GrantStore grants,
                                                               SecretSealer sealer, UsedTokens usedTokens,
                                                               TokenSigner signer, TokenGenerator generator,
                                                               Clock clock, AuthorizationServerSettings settings) {
        return stateless(settings)
                ? new ExchangeAuthorizationCodeService(clients, passwords, sealer, usedTokens, signer, generator,
                clock, settings)
                : new ExchangeAuthorizationCodeService(clients, passwords, codes, grants, signer, generator, clock,
                settings);
    }

    @Singleton
    RefreshAccessTokenUseCase refreshAccessToken(ClientRegistry clients, PasswordHasher passwords, GrantStore grants,
                                                 TokenSigner signer, TokenGenerator generator, Clock clock,
                                                 AuthorizationServerSettings settings) {
        return new RefreshAccessTokenService(clients, passwords, grants, signer, generator, clock, settings);
    }

    @Singleton
    RegisterClientUseCase registerClient(ClientRegistry clients, TokenGenerator generator, Clock clock,
                                         AuthorizationServerSettings settings) {
        return new RegisterClientService(clients, generator, clock, settings);
    }

    @Singleton
    RevokeTokenUseCase revokeToken(ClientRegistry clients, PasswordHasher passwords, GrantStore grants,
                                   AccessTokenVerifier accessTokens, Clock clock,
                                   AuthorizationServerSettings settings) {
        return new RevokeTokenService(clients, passwords, grants, accessTokens, clock, settings);
    }

    @Singleton
    IntrospectTokenUseCase introspectToken(ClientRegistry clients, PasswordHasher passwords, GrantStore grants,
                                           AccessTokenVerifier accessTokens, Clock clock) {
        return new IntrospectTokenService(clients, passwords, grants, accessTokens, clock);
    }

    /**
     * Transparent mode: tokens of the configured IdP, checked against its keys. The expected audience defaults to
     * each app's resource URL under {@code mcpauth.server.public-url}. Outside transparent mode nothing calls it.
     */
    @Singleton
    AuthenticateUpstreamBearerUseCase authenticateUpstreamBearer(McpAuthConfiguration configuration, Clock clock) {
        Optional<McpAuthConfiguration.Transparent> transparent = configuration.auth().transparent();
        if (transparent.isEmpty()) {
            return token -> {
                throw new OAuthException(OAuthError.INVALID_TOKEN, "this server does not accept upstream tokens");
            };
        }
        McpAuthConfiguration.Transparent t = transparent.get();
        List<String> audiences = !t.expectedAudiences().isEmpty() ? t.expectedAudiences()
                : configuration.mcpApps().stream()
                .map(app -> app.resource(configuration.server().publicUrl().orElseThrow()).value()).toList();
        try {
            UpstreamIdpSettings settings = UpstreamIdpSettings.of(t.issuer(), audiences)
                    .withAdditionalIssuers(t.additionalIssuers())
                    .withRefetchMinInterval(t.refetchInterval())
                    .withStaleGrace(t.staleGrace())
                    .withClockSkew(t.clockSkew());
            if (t.inlineJwks().isPresent()) {
                settings = settings.withJwks(t.inlineJwks().get());
            }
            if (t.jwksUri().isPresent()) {
                settings = settings.withJwksUri(URI.create(t.jwksUri().get()));
            }
            return new AuthenticateUpstreamBearerService(new UpstreamJwtVerifier(settings, clock), t.requiredScopes());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("mcpauth.auth.provider-config", e.getMessage());
        }
    }

    @Singleton
    AuthenticateBearerUseCase authenticateBearer(AccessTokenVerifier verifier, GrantStore grants, Clock clock) {
        return new AuthenticateBearerService(verifier, grants, clock);
    }

    @Singleton
    GetUserInfoUseCase userInfo(AuthenticateBearerUseCase bearer, UserDirectory users) {
        return new GetUserInfoService(bearer, users);
    }

    @Singleton
    PublishKeysUseCase publishKeys(SigningKeys keys) {
        return new PublishKeysService(keys);
    }

    @Singleton
    StartMcpSessionUseCase startMcpSession(SessionStore sessions, SecretSealer sealer, TokenGenerator generator,
                                           Clock clock, AuthorizationServerSettings settings) {
        // Stateless: the session id is sealed and self-contained; nothing is stored.
        return stateless(settings)
                ? new StartSealedMcpSessionService(sealer, clock)
                : new StartMcpSessionService(sessions, generator, clock);
    }

    @Singleton
    ResumeMcpSessionUseCase resumeMcpSession(SessionStore sessions, SecretSealer sealer, Clock clock,
                                             AuthorizationServerSettings settings) {
        return stateless(settings)
                ? new ResumeSealedMcpSessionService(sealer, clock)
                : new ResumeMcpSessionService(sessions, clock);
    }

    @Singleton
    EndMcpSessionUseCase endMcpSession(ResumeMcpSessionUseCase resume, SessionStore sessions,
                                       AuthorizationServerSettings settings) {
        return stateless(settings)
                ? new EndSealedMcpSessionService(resume)
                : new EndMcpSessionService(resume, sessions);
    }

    private static boolean stateless(AuthorizationServerSettings settings) {
        return settings.sessionMode() == SessionMode.STATELESS;
    }
}
