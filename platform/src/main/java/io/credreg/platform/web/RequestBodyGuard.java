package io.credreg.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Guards the body before anything reads it: a Content-Type that is not a valid, concrete media type is refused
 * with 415, and a body larger than {@code registry.http.max-body-size} with 413.
 *
 * <p>The size limit defaults to 64 KiB; the largest valid body, a create with an 8 KiB secret, is far smaller. A
 * declared {@code Content-Length} is checked at once; a chunked body is read up to the limit and refused when it goes
 * beyond, so no caller can make the registry buffer or parse more than the limit. A UTF-8 body (JSON without a
 * charset, or any body that declares UTF-8) that is not well-formed UTF-8 (overlong forms, encoded surrogates, stray
 * bytes) is refused with 400 before a decoder can turn it into characters it never spelled.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class RequestBodyGuard extends OncePerRequestFilter {

    private final long maxBytes;

    public RequestBodyGuard(HttpLimits limits) {
        this.maxBytes = limits.maxBodySize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && !isConcrete(contentType)) {
            refuse(response, 415, "the Content-Type is not a valid, concrete, supported media type");
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            refuse(response);
            return;
        }
        boolean chunked = declared < 0 && request.getHeader("Transfer-Encoding") != null;
        boolean utf8 = declaresUtf8(contentType);
        if (chunked || (utf8 && declared > 0)) {
            byte[] body;
            try {
                body = readAtMost(request.getInputStream(), maxBytes + 1);
            } catch (IOException malformed) {
                // a broken chunk encoding or a client that went away: the body cannot be read, so it is refused
                refuse(response, 400, "the request body could not be read");
                return;
            }
            if (body.length > maxBytes) {
                refuse(response);
                return;
            }
            if (utf8 && !wellFormedUtf8(body)) {
                refuse(response, 400, "the request body is not well-formed UTF-8");
                return;
            }
            chain.doFilter(new BufferedBodyRequest(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** A JSON body without a charset is UTF-8 (RFC 8259), as is one that says so. */
    static boolean declaresUtf8(String contentType) {
        if (contentType == null) {
            return false;
        }
        MediaType type = MediaType.parseMediaType(contentType);
        Charset charset = type.getCharset();
        return charset == null ? type.getSubtype().equals("json") || type.getSubtype().endsWith("+json")
                : charset.equals(StandardCharsets.UTF_8);
    }

    /**
     * Jackson decodes an overlong sequence ({@code C0 AE}) as the character it spells, and Tomcat would pass on an
     * encoded surrogate: a body must be UTF-8 as RFC 3629 defines it, which the JDK's strict decoder checks.
     */
    static boolean wellFormedUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException malformed) {
            return false;
        }
    }

    /**
     * Spring fails with a 500 deep inside its argument resolution on a wildcard Content-Type ({@code *}{@code /*}),
     * and an unknown charset fails wherever the body is first decoded; both are refused here, up front. So is a form
     * body: the registry speaks JSON only, and Spring would hand a form body to the container's parameter parser,
     * which fails with a 500 on invalid UTF-8.
     */
    static boolean isConcrete(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            type.getCharset(); // throws for a charset the JVM does not know
            return !type.isWildcardType() && !type.isWildcardSubtype()
                    && !MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type);
        } catch (IllegalArgumentException invalid) { // InvalidMediaTypeException, IllegalCharsetNameException, ...
            return false;
        }
    }

    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        return in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8));
    }

    private void refuse(HttpServletResponse response) throws IOException {
        refuse(response, 413, "the request body is larger than " + maxBytes + " bytes");
    }

    private static void refuse(HttpServletResponse response, int status, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        HttpStatusCode code = HttpStatusCode.valueOf(status);
        // constants only: nothing from the request is quoted
        response.getWriter().write(ProblemType.forStatus(code).json(code, detail));
    }
}
