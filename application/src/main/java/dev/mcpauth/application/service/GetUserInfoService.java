package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.AuthenticateBearerUseCase;
import dev.mcpauth.application.port.in.GetUserInfoUseCase;
import dev.mcpauth.application.port.out.UserDirectory;
import dev.mcpauth.domain.token.AccessTokenClaims;
import dev.mcpauth.domain.user.LocalUser;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The subject's profile (OpenID Connect Core §5.3): {@code sub} always; name and username with the {@code profile}
 * scope, email with {@code email}.
 */
public final class GetUserInfoService implements GetUserInfoUseCase {
    private final AuthenticateBearerUseCase bearer;
    private final UserDirectory users;

    public GetUserInfoService(AuthenticateBearerUseCase bearer, UserDirectory users) {
        this.bearer = bearer;
        this.users = users;
    }

    @Override
    public Map<String, Object> userInfo(AuthenticateBearerUseCase.BearerToken command) {
        AccessTokenClaims claims = bearer.authenticate(command);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("sub", claims.subject());
        Optional<LocalUser> user = users.find(claims.subject());
        if (user.isPresent() && claims.scope().contains("profile")) {
            info.put("preferred_username", user.get().username());
            user.get().name().ifPresent(name -> info.put("name", name));
        }
        if (user.isPresent() && claims.scope().contains("email")) {
            user.get().email().ifPresent(email -> info.put("email", email));
        }
        return info;
    }
}
