package dev.mcpauth.domain.app;

import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class McpAppTest {

    @ParameterizedTest
    @ValueSource(strings = {"/mcp", "/files/mcp", "/a-b_c.d"})
    void constructorWhenPathStartsWithSlashAndHasNoTrailingSlashThenAccepted(String path) {
        assertEquals(path, new McpApp("files", "Files", path, Scopes.empty()).path());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"mcp", "/", "/mcp/", "//mcp", "/files//mcp", "/mcp?x=1", "/mcp#frag"})
    void constructorWhenPathInvalidThenRefused(String path) {
        assertThrows(IllegalArgumentException.class, () -> new McpApp("files", "Files", path, Scopes.empty()));
    }

    @Test
    void resourceWhenBaseUrlThenBaseUrlFollowedByPath() {
        McpApp app = new McpApp("files", "Files", "/files/mcp", Scopes.of("files:read"));

        assertEquals(new Audience("https://auth.example/files/mcp"), app.resource("https://auth.example"));
    }
}
