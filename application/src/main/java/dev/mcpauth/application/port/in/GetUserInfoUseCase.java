package dev.mcpauth.application.port.in;

import java.util.Map;

/** The profile of the subject of an access token (OpenID Connect Core §5.3). */
public interface GetUserInfoUseCase {
    Map<String, Object> userInfo(AuthenticateBearerUseCase.BearerToken command);
}
