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
import static io.credreg.api.EventMetadata.REQUEST_ID;

/**
 * Gives every request a correlation id the registry generates, returned in {@code X-Correlation-Id} and put into every
 * log line written while the request runs. A caller's {@code X-Request-Id} is only a label: kept (when well-formed) as
 * the request id, echoed in {@code X-Request-Id}, never the correlation id, so that a caller cannot join its events to
 * another request's by sending that request's id. Without a well-formed one, {@code X-Request-Id} echoes the
 * correlation id. The request keeps both as attributes, from where the command side copies them into the metadata of
 * the commands it sends. A malformed id is dropped rather than refused: no request must fail over a tracing header,
 * and a malformed one must not reach a log line either.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter extends OncePerRequestFilter {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final String CORRELATION_ID_HEADER = "X-Correlation-Id";
    static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String correlationId = StrongRandom.uuid().toString();
        String requestId = requestIdOf(request);
        request.setAttribute(CORRELATION_ID, correlationId);
        if (requestId != null) {
            request.setAttribute(REQUEST_ID, requestId);
        }
        response.setHeader(CORRELATION_ID_HEADER, correlationId);
        response.setHeader(REQUEST_ID_HEADER, requestId == null ? correlationId : requestId);
        MDC.put(CORRELATION_ID, correlationId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(CORRELATION_ID);
        }
    }

    private static String requestIdOf(HttpServletRequest request) {
        String given = request.getHeader(REQUEST_ID_HEADER);
        return given != null && WELL_FORMED.matcher(given).matches() ? given : null;
    }
}
