package io.credreg.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates {@code Authorization: Bearer <token>}. A request without the header goes on unauthenticated (the
 * rules then decide: health is open, everything else answers 401). A header that does not authenticate answers 401
 * at once and counts as a failure of the client's address; an address with too many failures gets 429 until its
 * window ends, while a valid token from it still works.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final TokenAuthenticator authenticator;
    private final FailureThrottle throttle;
    private final SecurityProblems problems;

    BearerTokenFilter(TokenAuthenticator authenticator, FailureThrottle throttle, SecurityProblems problems) {
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!parametersDecode(request)) {
            refuse(request, response, () -> problems.invalidRequest(request, response,
                    "the query string is not valid percent-encoded UTF-8"));
            return;
        }
        Optional<String> control = controlCharacter(request);
        if (control.isPresent()) {
            refuse(request, response, () -> problems.invalidRequest(request, response,
                    "a query parameter holds the control character " + control.get()));
            return;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<TokenPrincipal> principal = header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authenticator.authenticate(header.substring(BEARER.length()).strip())
                : Optional.empty();
        if (principal.isEmpty()) {
            fail(request, response, header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                    ? "the bearer token is not valid, has expired or has been revoked"
                    : "the Authorization header must be 'Bearer <token>'");
            return;
        }
        var authentication = UsernamePasswordAuthenticationToken.authenticated(principal.get(), null,
                List.of(new SimpleGrantedAuthority("ROLE_" + principal.get().role().name())));
        SecurityContextHolder.getContext().setAuthentication(authentication);
        chain.doFilter(request, response);
    }

    /** Counts the failure, then answers 429 if the address has now failed too often, 401 otherwise. */
    void fail(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        refuse(request, response, () -> problems.unauthenticated(request, response, detail));
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, Refusal refusal)
            throws IOException {
        String address = request.getRemoteAddr();
        throttle.failed(address);
        Optional<Duration> blocked = throttle.blockedFor(address);
        if (blocked.isPresent()) {
            problems.throttled(request, response, blocked.get());
        } else {
            refusal.answer();
        }
    }

    /**
     * Tomcat decodes the query string on first use and throws when it is not UTF-8 ({@code ?x=%FF}); left to a
     * handler, that is a 500 with a stack trace. Decoding here turns it into a counted 400.
     */
    private static boolean parametersDecode(HttpServletRequest request) {
        if (request.getQueryString() == null) {
            return true;
        }
        try {
            request.getParameterMap();
            return true;
        } catch (IllegalStateException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * No filter, name or id the registry answers to holds a control character, and PostgreSQL refuses a NUL in text
     * with an error a handler would turn into a 500: a query parameter (name or value) holding one is refused here.
     * Only the code point is named, never the value.
     */
    static Optional<String> controlCharacter(HttpServletRequest request) {
        if (request.getQueryString() == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            Optional<String> found = firstControl(parameter.getKey());
            for (String value : parameter.getValue()) {
                found = found.or(() -> firstControl(value));
            }
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> firstControl(String text) {
        return text.codePoints().filter(Character::isISOControl).findFirst()
                .stream().mapToObj(c -> String.format("U+%04X", c)).findFirst();
    }

    @FunctionalInterface
    private interface Refusal {
        void answer() throws IOException;
    }
}
