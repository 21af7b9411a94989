package dev.mcpauth.application.service;

import dev.mcpauth.domain.fixtures.TestCodes;
import dev.mcpauth.domain.token.AuthorizationCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuthorizationCodeCodecTest {
    private static final AuthorizationCode CODE = TestCodes.code().build();
    private static final String ISSUED_AT = CODE.issuedAt().toString().replace(":", "%3A");
    private static final String EXPIRES_AT = CODE.expiresAt().toString().replace(":", "%3A");

    private static String text(AuthorizationCode code) {
        return new String(AuthorizationCodeCodec.encode(code), StandardCharsets.UTF_8);
    }

    private static Optional<AuthorizationCode> decode(String text) {
        return AuthorizationCodeCodec.decode(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodeWhenEncodedThenTheSameCode() {
        assertEquals(Optional.of(CODE), AuthorizationCodeCodec.decode(AuthorizationCodeCodec.encode(CODE)));
    }

    @Test
    void decodeWhenEveryFieldVariesThenEachSurvives() {
        AuthorizationCode code = TestCodes.code()
                .clientId("https://app.example/client.json?a=1&b=%20#x")
                .redirectUri("http://127.0.0.1:4711/cb?x=a=b&y=line\nbreak+plus%25")
                .redirectUriInRequest(false)
                .verifier(TestCodes.OTHER_VERIFIER)
                .scope("openid files:read files:write a=b%c+d")
                .audiences(TestCodes.RESOURCE, "https://auth.example/docs/mcp?v=1&w=2")
                .subject("auth0|64f1 ünïcødé\n=sub")
                .grantId("grant_-0123456789")
                .issuedAt(Instant.parse("2030-01-01T00:00:00.123456789Z"))
                .build();

        assertEquals(Optional.of(code), AuthorizationCodeCodec.decode(AuthorizationCodeCodec.encode(code)));
    }

    @Test
    void decodeWhenNoScopeAndNoResourceThenEmptyOnes() {
        AuthorizationCode code = TestCodes.code().scope("").audiences().build();

        assertEquals(Optional.of(code), AuthorizationCodeCodec.decode(AuthorizationCodeCodec.encode(code)));
    }

    @Test
    void encodeWhenCalledThenOneUrlEncodedKeyValueLinePerField() {
        String text = text(CODE);

        assertEquals(String.join("\n",
                "v=1",
                "hash=" + CODE.hash().value(),
                "client=public-client",
                "redirect=https%3A%2F%2Fclient.example%2Fcallback",
                "redirect_in_request=true",
                "challenge=" + TestCodes.CHALLENGE,
                "scope=files%3Aread",
                "aud=https%3A%2F%2Fauth.example%2Fmcp",
                "sub=alice",
                "grant=grant-of-code",
                "iat=" + ISSUED_AT,
                "exp=" + EXPIRES_AT), text);
    }

    @Test
    void decodeWhenARedeemedCodeWasEncodedThenUnredeemed() {
        assertEquals(Optional.of(CODE), AuthorizationCodeCodec.decode(AuthorizationCodeCodec.encode(CODE.redeem())));
    }

    @Test
    void decodeWhenMalformedThenEmpty() {
        String good = text(CODE);

        for (String bad : new String[]{
                "",
                "garbage",
                good.replace("v=1", "v=2"),
                good.replace("v=1\n", ""),
                good.replace("\nsub=alice", ""),
                good + "\nsub=bob",
                good + "\nextra=1",
                good + "\n",
                good.replace("redirect_in_request=true", "redirect_in_request=yes"),
                good.replace("challenge=", "challenge=x"),
                good.replace("hash=", "hash=x"),
                good.replace("grant=grant-of-code", "grant=bad grant"),
                good.replace("aud=https%3A%2F%2Fauth.example%2Fmcp", "aud=relative"),
                good.replace("scope=files%3Aread", "scope=%22quoted%22"),
                good.replace(ISSUED_AT, "yesterday"),
                good.replace(EXPIRES_AT, CODE.issuedAt().plusSeconds(3_600).toString().replace(":", "%3A")),
                good.replace("sub=alice", "sub=%ZZ"),
                good.replace("client=public-client", "client="),
        }) {
            assertEquals(Optional.empty(), decode(bad), bad);
        }
        assertEquals(Optional.empty(), AuthorizationCodeCodec.decode(new byte[]{(byte) 0xff, (byte) 0xfe}));
        assertEquals(Optional.empty(), AuthorizationCodeCodec.decode(new byte[0]));
    }
}
