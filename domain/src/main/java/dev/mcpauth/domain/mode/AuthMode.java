package dev.mcpauth.domain.mode;

import dev.mcpauth.domain.scope.Scopes;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** How an MCP endpoint authenticates its callers: FrontMCP's three tiers, the last in two flavours. */
public sealed interface AuthMode {

    /** The configuration word for this mode, as in {@code mcpauth.auth.mode}/{@code type}. */
    String label();

    /** Whether mcpauth itself is the authorization server that issues the tokens for this mode. */
    default boolean issuesTokens() {
        return this instanceof OrchestratedLocal || this instanceof OrchestratedRemote;
    }

    /** No login; every client gets an anonymous session with {@code anonymousScopes}. */
    record Public(Scopes anonymousScopes, Duration sessionTtl) implements AuthMode {
        public Public {
            Objects.requireNonNull(anonymousScopes);
            if (sessionTtl == null || sessionTtl.isNegative() || sessionTtl.isZero()) {
                throw new IllegalArgumentException("session-ttl must be positive");
            }
        }

        @Override
        public String label() {
            return "public";
        }
    }

    /** Tokens come from an existing IdP at {@code issuer}; mcpauth only validates them. */
    record Transparent(String issuer, Scopes requiredScopes, boolean allowAnonymous) implements AuthMode {
        public Transparent {
            Objects.requireNonNull(issuer);
            Objects.requireNonNull(requiredScopes);
        }

        @Override
        public String label() {
            return "transparent";
        }
    }

    /** mcpauth is the authorization server, with its own users, login and consent pages. */
    record OrchestratedLocal(SessionMode sessionMode) implements AuthMode {
        public OrchestratedLocal {
            Objects.requireNonNull(sessionMode);
        }

        @Override
        public String label() {
            return "orchestrated/local";
        }
    }

    /** mcpauth is the authorization server towards clients and federates login to upstream IdPs. */
    record OrchestratedRemote(SessionMode sessionMode, List<String> providerIds) implements AuthMode {
        public OrchestratedRemote {
            Objects.requireNonNull(sessionMode);
            providerIds = List.copyOf(providerIds);
            if (providerIds.isEmpty()) {
                throw new IllegalArgumentException("remote mode needs at least one provider");
            }
        }

        @Override
        public String label() {
            return "orchestrated/remote";
        }
    }
}
