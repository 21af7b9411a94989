package dev.mcpauth.domain.session;

import java.util.Objects;

/** Who stands behind an MCP connection. */
public sealed interface Principal {
    /** A stable identifier: the subject, or the anonymous session's own id. */
    String subject();

    boolean isAnonymous();

    record Anonymous(String subject) implements Principal {
        public Anonymous {
            Objects.requireNonNull(subject);
        }

        @Override
        public boolean isAnonymous() {
            return true;
        }
    }

    record Authenticated(String subject, String clientId) implements Principal {
        public Authenticated {
            Objects.requireNonNull(subject);
            Objects.requireNonNull(clientId);
        }

        @Override
        public boolean isAnonymous() {
            return false;
        }
    }
}
