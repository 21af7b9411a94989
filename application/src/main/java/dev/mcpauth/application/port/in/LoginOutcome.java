package dev.mcpauth.application.port.in;

import dev.mcpauth.domain.authorization.PendingAuthorization;

import java.time.Duration;

/** What follows a login attempt. */
public sealed interface LoginOutcome {
    /** Logged in; consent is needed before the code is issued. */
    record ConsentRequired(PendingAuthorization pending, String clientName) implements LoginOutcome {
    }

    /** Logged in, and no consent page is needed: back to the client. */
    record Completed(AuthorizationResponse response) implements LoginOutcome {
    }

    /** Wrong username or password: show the login page again. */
    record Rejected(PendingAuthorization pending) implements LoginOutcome {
    }

    /** Too many failures: wait before trying again. */
    record Throttled(PendingAuthorization pending, Duration retryAfter) implements LoginOutcome {
    }
}
