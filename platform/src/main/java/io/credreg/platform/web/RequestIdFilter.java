package io.credreg.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.OncePerRequestFilter;
import io.credreg.platform.ids.StrongRandom;

import java.io.IOException;
import java.util.regex.Pattern;

import static io.credreg.api.EventMetadata.CORRELATION_ID;

/**
 * Gives every request a correlation id (the caller's {@code X-Request-Id} when it is well-formed, a fresh one
 * otherwise), echoes it on the response and puts it into every log line written while the request runs. The request
 * keeps it as an attribute, from where the command side copies it into the metadata of the commands it sends.
 * A malformed id is replaced rather than refused: no request must fail over a tracing header, and a malformed one
 * must not reach a log line either.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter extends OncePerRequestFilter {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String correlationId = correlationIdOf(request);
        request.setAttribute(CORRELATION_ID, correlationId);
        response.setHeader(REQUEST_ID_HEADER, correlationId);
        MDC.put(CORRELATION_ID, correlationId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(CORRELATION_ID);
        }
    }

    private static String correlationIdOf(HttpServletRequest request) {
        String given = request.getHeader(REQUEST_ID_HEADER);
        return given != null && REQUEST_ID.matcher(given).matches() ? given : StrongRandom.uuid().toString();
    }
}
