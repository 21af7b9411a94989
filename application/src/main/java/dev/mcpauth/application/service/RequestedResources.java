package dev.mcpauth.application.service;

import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.resource.Audience;

import java.util.ArrayList;
import java.util.List;

/** RFC 8707 {@code resource} parameters, checked against what is allowed. */
final class RequestedResources {
    private RequestedResources() {
    }

    /**
     * The audiences a request asks for: each must be one of {@code allowed}; none asked means all of them.
     *
     * @throws OAuthException {@code invalid_target}
     */
    static List<Audience> select(List<String> requested, List<Audience> allowed) {
        if (requested == null || requested.isEmpty()) {
            return allowed;
        }
        List<Audience> selected = new ArrayList<>();
        for (String value : requested) {
            Audience audience = new Audience(value);
            if (!allowed.contains(audience)) {
                throw new OAuthException(OAuthError.INVALID_TARGET,
                        "resource is not a protected resource this server issues tokens for, or not granted");
            }
            if (!selected.contains(audience)) {
                selected.add(audience);
            }
        }
        return selected;
    }
}
