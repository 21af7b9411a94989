package dev.mcpauth.adapters.http.authorize;

import dev.mcpauth.adapters.http.support.HttpSettings;
import dev.mcpauth.domain.authorization.PendingAuthorization;
import dev.mcpauth.domain.resource.Audience;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The login, consent and error pages. Every page forbids framing (clickjacking, RFC 9700 §4.16), allows no script,
 * and is never cached. Forms carry the pending request's id and CSRF token; the same token travels in a cookie
 * (double submit, bound to the request), so a form posted from elsewhere is refused.
 */
@Singleton
public final class Pages {
    static final String CSRF_COOKIE_PREFIX = "mcpauth_csrf_";

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,sans-serif;background:#f4f5f7;margin:0;color:#1d2330}
            main{max-width:26rem;margin:8vh auto;background:#fff;border-radius:12px;padding:2rem 2.2rem;\
            box-shadow:0 2px 12px rgba(0,0,0,.08)}
            h1{font-size:1.35rem;margin:0 0 .4rem}p{line-height:1.45}.muted{color:#5b6475;font-size:.92rem}
            label{display:block;margin:1rem 0 .3rem;font-weight:600}
            input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.6rem;\
            border:1px solid #c5cad3;border-radius:6px;font-size:1rem}
            button{margin-top:1.4rem;padding:.65rem 1.2rem;font-size:1rem;border-radius:6px;border:0;\
            background:#2f5bea;color:#fff;cursor:pointer}button.secondary{background:#e4e7ec;color:#1d2330}
            .error{background:#fdecec;color:#9b1c1c;padding:.6rem .8rem;border-radius:6px}
            ul{padding-left:1.2rem}code{background:#eef0f3;padding:0 .25rem;border-radius:4px}
            """;
    private static final String CSP = "default-src 'none'; style-src '" + sha256(STYLE)
            + "'; frame-ancestors 'none'; base-uri 'none'";

    private final HttpSettings settings;

    public Pages(HttpSettings settings) {
        this.settings = settings;
    }

    public MutableHttpResponse<String> login(PendingAuthorization pending, String clientName, String message,
                                             HttpStatus status, boolean secure) {
        String body = "<h1>Sign in to " + Html.escape(settings.serverName()) + "</h1>"
                + "<p class=\"muted\"><strong>" + Html.escape(clientName) + "</strong> wants to access "
                + resources(pending) + ".</p>"
                + (message == null ? "" : "<p class=\"error\" id=\"error\" role=\"alert\">" + Html.escape(message) + "</p>")
                + "<form method=\"post\" action=\"/oauth/login\" autocomplete=\"on\">"
                + hidden(pending)
                + "<label for=\"username\">Username</label>"
                + "<input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus>"
                + "<label for=\"password\">Password</label>"
                + "<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required>"
                + "<button type=\"submit\" id=\"sign-in\">Sign in</button>"
                + "</form>";
        return page(status, "Sign in", body).cookie(csrfCookie(pending, secure));
    }

    public MutableHttpResponse<String> consent(PendingAuthorization pending, String clientName) {
        StringBuilder scopes = new StringBuilder("<ul id=\"scopes\">");
        for (String scope : pending.scopes().values()) {
            scopes.append("<li><code>").append(Html.escape(scope)).append("</code></li>");
        }
        scopes.append("</ul>");
        String body = "<h1>Allow access?</h1>"
                + "<p><strong>" + Html.escape(clientName) + "</strong> asks to act as <strong>"
                + Html.escape(pending.subject().orElse("")) + "</strong> on " + resources(pending) + ".</p>"
                + "<p class=\"muted\">It asks for these permissions:</p>" + scopes
                + "<p class=\"muted\">You will be sent back to <code>" + Html.escape(pending.redirectUri())
                + "</code>.</p>"
                + "<form method=\"post\" action=\"/oauth/consent\">" + hidden(pending)
                + "<button type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\">Allow</button> "
                + "<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\" class=\"secondary\">Deny</button>"
                + "</form>";
        return page(HttpStatus.OK, "Allow access", body);
    }

    public MutableHttpResponse<String> error(HttpStatus status, String errorCode, String description) {
        String body = "<h1>This request cannot continue</h1>"
                + "<p class=\"error\" id=\"error\" role=\"alert\"><code id=\"error-code\">" + Html.escape(errorCode)
                + "</code> " + Html.escape(description) + "</p>"
                + "<p class=\"muted\">Return to the application and try again. For your safety you were not sent back"
                + " to it automatically.</p>";
        return page(status, "Error", body);
    }

    /** The cookie half of the double-submit CSRF token, named for its request so parallel sign-ins do not clash. */
    static String csrfCookieName(String requestId) {
        return CSRF_COOKIE_PREFIX + requestId;
    }

    private Cookie csrfCookie(PendingAuthorization pending, boolean secure) {
        long maxAge = Math.max(1, Duration.between(Instant.now(), pending.expiresAt()).toSeconds());
        return Cookie.of(csrfCookieName(pending.id()), pending.csrfToken())
                .path("/oauth")
                .httpOnly(true)
                .secure(secure)
                .sameSite(SameSite.Strict)
                .maxAge(maxAge);
    }

    private static String hidden(PendingAuthorization pending) {
        return "<input type=\"hidden\" name=\"request_id\" value=\"" + Html.escape(pending.id()) + "\">"
                + "<input type=\"hidden\" name=\"csrf_token\" value=\"" + Html.escape(pending.csrfToken()) + "\">";
    }

    private static String resources(PendingAuthorization pending) {
        StringBuilder out = new StringBuilder();
        for (Audience audience : pending.audiences()) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append("<code>").append(Html.escape(audience.value())).append("</code>");
        }
        return out.toString();
    }

    private MutableHttpResponse<String> page(HttpStatus status, String title, String body) {
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + Html.escape(title) + " · " + Html.escape(settings.serverName()) + "</title>"
                + "<style>" + STYLE + "</style></head><body><main>" + body + "</main></body></html>";
        return HttpResponse.<String>status(status)
                .body(html)
                .contentType("text/html; charset=utf-8")
                .header("Content-Security-Policy", CSP)
                .header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                // same-origin, not no-referrer: nothing leaves the origin either way, but under no-referrer the
                // browser sends "Origin: null" with the forms' POSTs, which Micronaut's CORS filter refuses (403)
                // whenever the server is reached as localhost or 127.0.0.1.
                .header("Referrer-Policy", "same-origin");
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
