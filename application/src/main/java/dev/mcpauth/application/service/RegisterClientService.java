package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.RegisterClientUseCase;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.application.port.out.TokenGenerator;
import dev.mcpauth.application.settings.AuthorizationServerSettings;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.client.ClientKind;
import dev.mcpauth.domain.client.RedirectUri;
import dev.mcpauth.domain.client.TokenEndpointAuthMethod;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.scope.Scopes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Dynamic client registration (RFC 7591 §3): an optional initial access token, redirect URIs limited to an allowlist
 * (loopback only without one), the code flow only, and a cap on the number of dynamic clients.
 */
public final class RegisterClientService implements RegisterClientUseCase {
    private static final Set<String> GRANT_TYPES = Set.of("authorization_code", "refresh_token");

    private final ClientRegistry clients;
    private final TokenGenerator generator;
    private final Clock clock;
    private final AuthorizationServerSettings settings;
    private final List<Pattern> allowedRedirectUris;

    public RegisterClientService(ClientRegistry clients, TokenGenerator generator, Clock clock,
                                 AuthorizationServerSettings settings) {
        this.clients = clients;
        this.generator = generator;
        this.clock = clock;
        this.settings = settings;
        this.allowedRedirectUris = settings.registration().allowedRedirectUris().stream()
                .map(RegisterClientService::globToPattern).toList();
    }

    @Override
    public RegisteredClient register(ClientRegistration command) {
        AuthorizationServerSettings.Registration policy = settings.registration();
        if (!policy.enabled()) {
            throw new OAuthException(OAuthError.ACCESS_DENIED, "dynamic client registration is disabled");
        }
        checkInitialAccessToken(policy, command.initialAccessToken());
        List<RedirectUri> redirectUris = checkRedirectUris(command.redirectUris());
        checkGrantTypes(command.grantTypes());
        checkResponseTypes(command.responseTypes());
        // RFC 7591 §2: the default method is client_secret_basic.
        TokenEndpointAuthMethod method = command.tokenEndpointAuthMethod() == null
                ? TokenEndpointAuthMethod.CLIENT_SECRET_BASIC
                : TokenEndpointAuthMethod.fromValue(command.tokenEndpointAuthMethod());
        Scopes scope = checkScope(command.scope());
        Optional<String> secret = method.usesSecret() ? Optional.of(generator.newSecret()) : Optional.empty();
        Client client = new Client(new ClientId(generator.newId()),
                secret.map(ClientAuthenticator::hashGeneratedSecret), redirectUris, method,
                checkName(command.clientName()), scope, ClientKind.DYNAMIC, clock.instant());
        if (!clients.registerDynamic(client, policy.maxDynamicClients())) {
            throw new OAuthException(OAuthError.TEMPORARILY_UNAVAILABLE,
                    "the limit of dynamically registered clients is reached",
                    "max-dynamic-clients=" + policy.maxDynamicClients() + " reached");
        }
        return new RegisteredClient(client, secret);
    }

    private static void checkInitialAccessToken(AuthorizationServerSettings.Registration policy,
                                                Optional<String> presented) {
        if (policy.initialAccessToken().isEmpty()) {
            return;
        }
        byte[] expected = policy.initialAccessToken().get().getBytes(StandardCharsets.UTF_8);
        byte[] actual = presented.orElse("").getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new OAuthException(OAuthError.INVALID_TOKEN, "a valid initial access token is required");
        }
    }

    private List<RedirectUri> checkRedirectUris(List<String> values) {
        if (values == null || values.isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_REDIRECT_URI, "redirect_uris is required");
        }
        List<RedirectUri> uris = new ArrayList<>();
        for (String value : values) {
            RedirectUri uri = new RedirectUri(value);
            if (!isAllowed(uri)) {
                throw new OAuthException(OAuthError.INVALID_REDIRECT_URI, allowedRedirectUris.isEmpty()
                        ? "only loopback redirect URIs (http://127.0.0.1, http://[::1], http://localhost) may be registered"
                        : "redirect URI is not allowed by this server's registration policy");
            }
            uris.add(uri);
        }
        return uris;
    }

    private boolean isAllowed(RedirectUri uri) {
        if (allowedRedirectUris.isEmpty()) {
            return uri.isLoopback();
        }
        return allowedRedirectUris.stream().anyMatch(p -> p.matcher(uri.value()).matches());
    }

    private static void checkGrantTypes(List<String> grantTypes) {
        if (grantTypes == null) {
            return;
        }
        for (String type : grantTypes) {
            if (!GRANT_TYPES.contains(type)) {
                throw new OAuthException(OAuthError.INVALID_CLIENT_METADATA,
                        "grant_types may contain only authorization_code and refresh_token");
            }
        }
    }

    private static void checkResponseTypes(List<String> responseTypes) {
        if (responseTypes != null && !responseTypes.stream().allMatch("code"::equals)) {
            throw new OAuthException(OAuthError.INVALID_CLIENT_METADATA, "response_types may contain only code");
        }
    }

    private Scopes checkScope(String value) {
        Scopes scope;
        try {
            scope = Scopes.parse(value);
        } catch (OAuthException e) {
            throw new OAuthException(OAuthError.INVALID_CLIENT_METADATA, e.description());
        }
        Scopes unknown = settings.supportedScopes().missingFrom(scope);
        if (!unknown.isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_CLIENT_METADATA, "unknown scope: " + unknown);
        }
        return scope;
    }

    private static String checkName(String name) {
        if (name == null) {
            return null;
        }
        if (name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            throw new OAuthException(OAuthError.INVALID_CLIENT_METADATA,
                    "client_name must be at most 200 characters without control characters");
        }
        return name;
    }

    /**
     * {@code *} matches any run of characters within its part of the URI: in the authority it cannot cross
     * {@code / ? # @ :}, so {@code https://*.example.com/cb} never admits {@code https://evil.test/.example.com/cb};
     * in the path and query it matches anything. Everything else is literal.
     */
    static Pattern globToPattern(String glob) {
        int schemeEnd = glob.indexOf("://");
        int authorityEnd = schemeEnd < 0 ? -1 : indexOfAny(glob, "/?#", schemeEnd + 3);
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c != '*') {
                literal.append(c);
                continue;
            }
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
            boolean inAuthority = schemeEnd >= 0 && i > schemeEnd && (authorityEnd < 0 || i < authorityEnd);
            regex.append(inAuthority ? "[^/?#@:]*" : ".*");
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString());
    }

    private static int indexOfAny(String text, String chars, int from) {
        for (int i = from; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
