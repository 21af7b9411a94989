package dev.mcpauth.adapters.http.mcp;

import java.util.Optional;
import java.util.Set;

/**
 * What anonymous callers may do in public mode.
 *
 * @param tools              the tools they may list and call; empty: all
 * @param rateLimitPerMinute requests per minute per anonymous session; 0: no limit
 */
public record PublicAccess(Optional<Set<String>> tools, int rateLimitPerMinute) {
    public PublicAccess {
        tools = tools.map(Set::copyOf);
        if (rateLimitPerMinute < 0) {
            throw new IllegalArgumentException("the rate limit is 0 (off) or a positive number of requests per minute");
        }
    }

    /** All tools, no rate limit. */
    public static PublicAccess unrestricted() {
        return new PublicAccess(Optional.empty(), 0);
    }

    public boolean allowsTool(String name) {
        return tools.isEmpty() || tools.get().contains(name);
    }

    public boolean limitsTools() {
        return tools.isPresent();
    }
}
