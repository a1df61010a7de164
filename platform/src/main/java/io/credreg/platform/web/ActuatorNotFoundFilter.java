package io.credreg.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The actuator answers an unknown health component ({@code /actuator/health/a}) with a bare 404 and no body. This
 * turns that into an error dispatch, so it gets the same problem details as every other 404. Only for actuator
 * paths: the registry's own controllers write their 404s with a body of their own.
 * <p>
 * A path below a health component ({@code /actuator/health/db/x}) makes Boot's health endpoint fail an assertion (a
 * 500 with a stack trace); no component of the registry has parts, so such a path is a 404 before it gets there.
 */
class ActuatorNotFoundFilter extends OncePerRequestFilter {

    static final String PATTERN = "/actuator/*";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (belowAHealthComponent(request.getRequestURI())) {
            response.sendError(HttpStatus.NOT_FOUND.value());
            return;
        }
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void setStatus(int status) {
                if (status == HttpStatus.NOT_FOUND.value() && !isCommitted()) {
                    try {
                        sendError(status);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                } else {
                    super.setStatus(status);
                }
            }
        });
    }

    private static boolean belowAHealthComponent(String uri) {
        String health = "/actuator/health/";
        int component = uri.indexOf(health);
        return component >= 0 && uri.indexOf('/', component + health.length()) >= 0;
    }
}
