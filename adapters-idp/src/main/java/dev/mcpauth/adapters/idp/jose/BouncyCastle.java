package dev.mcpauth.adapters.idp.jose;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.Provider;

/** The one BouncyCastle JCA provider instance of this package, passed explicitly and never installed globally. */
final class BouncyCastle {
    /**
     * Reads PEM keys, and signs ES256 when the native provider is unavailable: its ECDSA is several times faster than
     * the JDK 17 one, on signing and on verifying.
     */
    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
