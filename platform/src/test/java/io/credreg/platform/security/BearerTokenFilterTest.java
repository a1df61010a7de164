package io.credreg.platform.security;

import io.credreg.api.token.TokenRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Repeated authentication failures from one address are throttled (429); valid tokens never are. */
class BearerTokenFilterTest {

    private static final String GOOD = "crt_good";

    private final MutableClock clock = new MutableClock();
    private BearerTokenFilter filter;

    @BeforeEach
    void setUp() {
        TokenAuthenticator authenticator = mock(TokenAuthenticator.class);
        when(authenticator.authenticate(anyString())).thenReturn(Optional.empty());
        when(authenticator.authenticate(GOOD)).thenReturn(Optional.of(
                new TokenPrincipal("t-1", "alice", TokenRole.ADMIN, null)));
        filter = new BearerTokenFilter(authenticator, new FailureThrottle(3, Duration.ofMinutes(1), clock),
                new SecurityProblems(JsonMapper.builder().build()));
    }

    @AfterEach
    void forgetThePrincipal() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void moreFailuresThanTheLimitAnswer429WithRetryAfterUntilTheWindowEnds() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(send("10.0.0.1", "crt_wrong").getStatus()).isEqualTo(401);
        }

        MockHttpServletResponse throttled = send("10.0.0.1", "crt_wrong");

        assertThat(throttled.getStatus()).isEqualTo(429);
        assertThat(throttled.getContentType()).isEqualTo("application/problem+json");
        assertThat(throttled.getContentAsString()).contains("/problems/too-many-authentication-failures");
        assertThat(throttled.getHeader("Retry-After")).isEqualTo("60");
        clock.advance(Duration.ofSeconds(45));
        assertThat(send("10.0.0.1", "crt_wrong").getHeader("Retry-After")).isEqualTo("15");
        // another address is not affected
        assertThat(send("10.0.0.2", "crt_wrong").getStatus()).isEqualTo(401);

        clock.advance(Duration.ofSeconds(16));
        MockHttpServletResponse afterTheWindow = send("10.0.0.1", "crt_wrong");
        assertThat(afterTheWindow.getStatus()).isEqualTo(401);
        assertThat(afterTheWindow.getHeader("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void aValidTokenPassesEvenFromAThrottledAddress() throws Exception {
        for (int i = 0; i < 5; i++) {
            send("10.0.0.3", "crt_wrong");
        }
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request("10.0.0.3", GOOD), response, chain);

        assertThat(chain.getRequest()).as("passed on").isNotNull();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(TokenPrincipal.current()).map(TokenPrincipal::name).contains("alice");
    }

    @Test
    void aMalformedAuthorizationHeaderIsAFailureToo() throws Exception {
        MockHttpServletRequest basic = request("10.0.0.4", null);
        basic.addHeader("Authorization", "Basic YWxpY2U6c2VjcmV0");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(basic, response, chain);

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentAsString()).contains("Bearer <token>");
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void aQueryStringThatIsNotUtf8IsA400ThatCountsTowardTheThrottle() throws Exception {
        for (String token : new String[]{null, "crt_wrong", GOOD}) {
            MockHttpServletResponse refused = sendMalformed("10.0.0.3", token);
            assertThat(refused.getStatus()).isEqualTo(400);
            assertThat(refused.getContentAsString()).contains("/problems/invalid-request", "not valid percent-encoded");
        }

        assertThat(sendMalformed("10.0.0.3", null).getStatus()).isEqualTo(429);
        assertThat(send("10.0.0.3", "crt_wrong").getStatus()).isEqualTo(429);
    }

    @Test
    void aControlCharacterInAQueryParameterIsA400NamingOnlyTheCodePoint() throws Exception {
        for (String[] parameter : new String[][]{{"name", "a\u0000b"}, {"actor", "x\u001Fy"}, {"n\u0085", "zq-value"}}) {
            MockHttpServletRequest request = request("10.0.0.5", GOOD);
            request.setQueryString("q");
            request.addParameter(parameter[0], parameter[1]);
            MockHttpServletResponse response = new MockHttpServletResponse();
            MockFilterChain chain = new MockFilterChain();

            filter.doFilter(request, response, chain);

            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.getContentAsString()).contains("/problems/invalid-request", "control character U+00")
                    .doesNotContain(parameter[1]);
            assertThat(chain.getRequest()).isNull();
        }
    }

    @Test
    void printableUnicodeInAQueryParameterPasses() throws Exception {
        MockHttpServletRequest request = request("10.0.0.6", GOOD);
        request.setQueryString("q");
        request.addParameter("name", "Caf\u00E9 \u0440\u0430\u0443 \uD83D\uDE00");
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
    }

    /** Tomcat throws from the parameter map when the query string does not decode. */
    private MockHttpServletResponse sendMalformed(String address, String token) throws Exception {
        MockHttpServletRequest request = request(address, token);
        request.setQueryString("x=%FF");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(new jakarta.servlet.http.HttpServletRequestWrapper(request) {
            @Override
            public java.util.Map<String, String[]> getParameterMap() {
                throw new IllegalStateException("Character decoding failed");
            }
        }, response, chain);
        assertThat(chain.getRequest()).as("a refused request goes no further").isNull();
        return response;
    }

    private MockHttpServletResponse send(String address, String token) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request(address, token), response, chain);
        assertThat(chain.getRequest()).as("a refused request goes no further").isNull();
        return response;
    }

    private static MockHttpServletRequest request(String address, String token) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/tokens");
        request.setRemoteAddr(address);
        if (token != null) {
            request.addHeader("Authorization", "Bearer " + token);
        }
        return request;
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
