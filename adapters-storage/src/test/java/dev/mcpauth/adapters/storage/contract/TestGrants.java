package dev.mcpauth.adapters.storage.contract;

import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.grant.Grant;
import dev.mcpauth.domain.grant.GrantId;
import dev.mcpauth.domain.grant.RefreshTokenFamily;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.TokenHash;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Grants for store tests. */
public final class TestGrants {
    private TestGrants() {
    }

    public static Builder grant() {
        return new Builder();
    }

    /** A builder starting from {@code grant}'s state. */
    public static Builder from(Grant grant) {
        Builder builder = new Builder();
        builder.id = grant.id();
        builder.clientId = grant.clientId();
        builder.subject = grant.subject();
        builder.scopes = grant.scopes();
        builder.audiences = grant.audiences();
        builder.createdAt = grant.createdAt();
        builder.revokedAt = grant.revokedAt().orElse(null);
        builder.family = grant.family().orElse(null);
        builder.version = grant.version();
        return builder;
    }

    public static final class Builder {
        private GrantId id = new GrantId("grant-1");
        private ClientId clientId = new ClientId("client-1");
        private String subject = "alice";
        private Scopes scopes = Scopes.of("read");
        private List<Audience> audiences = List.of(new Audience("https://mcp.example.com/mcp"));
        private Instant createdAt = MutableClock.START;
        private Instant revokedAt;
        private RefreshTokenFamily family =
                RefreshTokenFamily.start(TokenHash.of("refresh-0"), MutableClock.START, Duration.ofDays(30));
        private long version;

        public Builder id(String value) {
            this.id = new GrantId(value);
            return this;
        }

        public Builder subject(String value) {
            this.subject = value;
            return this;
        }

        public Builder version(long value) {
            this.version = value;
            return this;
        }

        /** A family whose current token is the hash of {@code refreshToken}. */
        public Builder currentRefreshToken(String refreshToken) {
            this.family = RefreshTokenFamily.start(TokenHash.of(refreshToken), createdAt, Duration.ofDays(30));
            return this;
        }

        public Builder revokedAt(Instant value) {
            this.revokedAt = value;
            return this;
        }

        public Grant build() {
            return new Grant(id, clientId, subject, scopes, audiences, createdAt, revokedAt, family, version);
        }
    }
}
