package dev.mcpauth.adapters.idp.jose;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Optional;

import static dev.mcpauth.adapters.idp.jose.TestTokens.fullClaims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class VerificationKeyTest {

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void fromJwkWhenGivenThePrivateJwkThenKeepsOnlyThePublicPart(SigningAlgorithm algorithm) {
        SigningKey key = SigningKey.generate(algorithm);

        VerificationKey publicOnly = VerificationKey.fromJwk(key.toPrivateJwkJson());

        assertEquals(key.kid(), publicOnly.kid());
        assertEquals(algorithm, publicOnly.algorithm());
        assertEquals(key.verificationKey().toPublicJwk(), publicOnly.toPublicJwk());
        assertFalse(publicOnly.toPublicJwkJson().contains("\"d\""));
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void fromJwkWhenStoredAsRetiringThenVerifiesTokensOfTheKey(SigningAlgorithm algorithm) {
        SigningKey old = SigningKey.generate(algorithm);
        String token = new JoseSigningKeys(KeyRing.of(old)).sign(fullClaims());
        VerificationKey stored = VerificationKey.fromJwk(old.verificationKey().toPublicJwkJson());

        JoseSigningKeys keys = new JoseSigningKeys(
                new KeyRing(SigningKey.generate(SigningAlgorithm.ES256), java.util.List.of(stored)));

        assertEquals(Optional.of(fullClaims()), keys.verify(token));
    }
}
