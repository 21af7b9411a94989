package dev.mcpauth.application.service;

import dev.mcpauth.application.fakes.FakeAccessTokens;
import dev.mcpauth.application.fakes.FakePasswordHasher;
import dev.mcpauth.application.fakes.InMemoryAuthorizationCodeStore;
import dev.mcpauth.application.fakes.InMemoryClientRegistry;
import dev.mcpauth.application.fakes.InMemoryConsentStore;
import dev.mcpauth.application.fakes.InMemoryFailureCounter;
import dev.mcpauth.application.fakes.InMemoryGrantStore;
import dev.mcpauth.application.fakes.InMemoryPendingAuthorizationStore;
import dev.mcpauth.application.fakes.InMemorySessionStore;
import dev.mcpauth.application.fakes.InMemoryUserDirectory;
import dev.mcpauth.application.fakes.SequenceTokenGenerator;
import dev.mcpauth.application.port.in.ClientCredentials;
import dev.mcpauth.application.port.in.ExchangeAuthorizationCodeUseCase.CodeExchange;
import dev.mcpauth.application.port.in.RefreshAccessTokenUseCase.RefreshRequest;
import dev.mcpauth.application.port.in.TokenResponse;
import dev.mcpauth.application.settings.AuthorizationServerSettings;
import dev.mcpauth.domain.authorization.PendingAuthorization;
import dev.mcpauth.domain.fixtures.MutableClock;
import dev.mcpauth.domain.fixtures.TestClients;
import dev.mcpauth.domain.fixtures.TestCodes;
import dev.mcpauth.domain.fixtures.TestPendingAuthorizations;
import dev.mcpauth.domain.user.LocalUser;

import java.util.List;
import java.util.Optional;

/**
 * One authorization server made of in-memory fakes: a clock, the stores, and the services built on them. It knows
 * {@link TestClients#publicClient()}, {@link TestClients#confidentialClient()} and the user alice.
 */
final class ServiceFixture {
    static final String ISSUER = TestSettings.ISSUER;
    static final String ALICE = TestCodes.SUBJECT;
    static final String ALICE_PASSWORD = "correct horse battery staple";
    static final ClientCredentials PUBLIC_CLIENT = new ClientCredentials.None(TestClients.PUBLIC_CLIENT_ID);
    static final ClientCredentials CONFIDENTIAL_CLIENT =
            new ClientCredentials.Basic(TestClients.CONFIDENTIAL_CLIENT_ID, TestClients.SECRET);

    final MutableClock clock = new MutableClock();
    final SequenceTokenGenerator generator = new SequenceTokenGenerator();
    final InMemoryClientRegistry clients = new InMemoryClientRegistry();
    final InMemoryPendingAuthorizationStore pendings = new InMemoryPendingAuthorizationStore();
    final InMemoryAuthorizationCodeStore codes = new InMemoryAuthorizationCodeStore(clock);
    final InMemoryGrantStore grants = new InMemoryGrantStore();
    final InMemoryConsentStore consents = new InMemoryConsentStore();
    final InMemoryFailureCounter failures = new InMemoryFailureCounter(clock);
    final InMemoryUserDirectory users = new InMemoryUserDirectory();
    final InMemorySessionStore sessions = new InMemorySessionStore();
    final FakePasswordHasher passwords = new FakePasswordHasher();
    final FakeAccessTokens accessTokens = new FakeAccessTokens();
    final AuthorizationServerSettings settings;
    final ClientAuthenticator clientAuthenticator;
    final CodeIssuer codeIssuer;
    final AccessTokenIssuer tokenIssuer;

    ServiceFixture() {
        this(TestSettings.settings().build());
    }

    ServiceFixture(AuthorizationServerSettings settings) {
        this.settings = settings;
        clients.add(TestClients.publicClient().build()).add(TestClients.confidentialClient().build());
        users.add(new LocalUser(ALICE, passwords.hash(ALICE_PASSWORD.toCharArray()), Optional.of("alice@example.com"),
                Optional.of("Alice Example")));
        clientAuthenticator = new ClientAuthenticator(clients, passwords);
        codeIssuer = new CodeIssuer(codes, generator, clock, settings.lifetimes().authorizationCode());
        tokenIssuer = new AccessTokenIssuer(accessTokens, generator, clock, settings);
    }

    StartAuthorizationService startAuthorization() {
        return new StartAuthorizationService(clients, pendings, generator, clock, settings);
    }

    LogInService logIn() {
        return new LogInService(pendings, users, passwords, failures, consents, clients, codes, generator, clock,
                settings);
    }

    DecideConsentService decideConsent() {
        return new DecideConsentService(pendings, consents, codes, generator, clock, settings);
    }

    ExchangeAuthorizationCodeService exchange() {
        return new ExchangeAuthorizationCodeService(clients, passwords, codes, grants, accessTokens, generator, clock,
                settings);
    }

    RefreshAccessTokenService refresh() {
        return new RefreshAccessTokenService(clients, passwords, grants, accessTokens, generator, clock, settings);
    }

    RegisterClientService register() {
        return new RegisterClientService(clients, generator, clock, settings);
    }

    RevokeTokenService revoke() {
        return new RevokeTokenService(clients, passwords, grants, accessTokens, clock, settings);
    }

    AuthenticateBearerService bearer() {
        return new AuthenticateBearerService(accessTokens, grants, clock);
    }

    /** A pending authorization of the public client, logged in as alice, for files:read at the files app. */
    static TestPendingAuthorizations.Builder alicesPending() {
        return TestPendingAuthorizations.pending().authenticatedAs(ALICE).audiences(TestSettings.FILES_RESOURCE);
    }

    /** Issues a code as the login or consent page would, and returns its value. */
    String issueCode(PendingAuthorization pending) {
        return codeIssuer.issue(pending, ISSUER).parameters().get("code");
    }

    String issueCode() {
        return issueCode(alicesPending().build());
    }

    /** The token request the public client makes for {@code code}, with the right verifier and redirect URI. */
    static CodeExchange codeExchange(String code) {
        return new CodeExchange(ISSUER, PUBLIC_CLIENT, code, TestClients.REDIRECT_URI, TestCodes.VERIFIER, null);
    }

    /** A fresh code of alice's, exchanged by the public client. */
    TokenResponse tokens() {
        return exchange().exchange(codeExchange(issueCode()));
    }

    static RefreshRequest refreshRequest(String refreshToken) {
        return new RefreshRequest(ISSUER, PUBLIC_CLIENT, refreshToken, null, null);
    }

    static RefreshRequest refreshRequest(String refreshToken, String scope, List<String> resources) {
        return new RefreshRequest(ISSUER, PUBLIC_CLIENT, refreshToken, scope, resources);
    }
}
