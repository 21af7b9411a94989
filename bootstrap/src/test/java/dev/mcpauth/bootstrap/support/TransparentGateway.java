package dev.mcpauth.bootstrap.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A transparent-mode mcpauth in front of an IdP that is another mcpauth (orchestrated local), which lists the
 * gateway's {@code /mcp} among the resources it issues tokens for: what the interop clients sign in through.
 */
public final class TransparentGateway implements AutoCloseable {
    private final TestServer idp;
    private final TestServer gateway;

    private TransparentGateway(TestServer idp, TestServer gateway) {
        this.idp = idp;
        this.gateway = gateway;
    }

    /** Both servers; the gateway on a port known in advance, so the IdP can name it, plus {@code overrides}. */
    public static TransparentGateway start(Map<String, Object> overrides) {
        int port = TestServer.freePort();
        String url = "http://127.0.0.1:" + port;
        TestServer idp = TestServer.orchestratedLocal(Map.of("mcpauth.auth.additional-resources",
                List.of(url + "/mcp")));
        Map<String, Object> properties = new HashMap<>(overrides);
        properties.put("micronaut.server.port", port);
        properties.put("mcpauth.server.public-url", url);
        try {
            return new TransparentGateway(idp, TestServer.transparent(idp.baseUrl(), properties));
        } catch (RuntimeException e) {
            idp.close();
            throw e;
        }
    }

    public TestServer idp() {
        return idp;
    }

    public TestServer gateway() {
        return gateway;
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            idp.close();
        }
    }
}
