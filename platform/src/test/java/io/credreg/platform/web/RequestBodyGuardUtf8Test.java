package io.credreg.platform.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** A UTF-8 body must be UTF-8 as RFC 3629 defines it: no overlong forms, encoded surrogates or stray bytes. */
class RequestBodyGuardUtf8Test {

    private final RequestBodyGuard guard = new RequestBodyGuard(new HttpLimits(DataSize.ofKilobytes(64)));

    @ParameterizedTest
    @ValueSource(strings = {"c0ae", "c0af", "e080ae", "eda080", "edbfbf", "f4908080", "f888808080", "c3", "c328",
            "a0a1", "fffe"})
    void aMalformedSequenceInAJsonBodyIsRefusedBeforeAnythingDecodesIt(String hex) throws Exception {
        byte[] body = concat("{\"name\":\"x", HexFormat.of().parseHex(hex), "\"}");
        for (String contentType : new String[]{"application/json", "application/json; charset=utf-8",
                "application/problem+json"}) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            MockFilterChain chain = new MockFilterChain();

            guard.doFilter(request(body, contentType), response, chain);

            assertThat(response.getStatus()).as(contentType).isEqualTo(400);
            assertThat(response.getContentAsString()).contains("not well-formed UTF-8");
            assertThat(chain.getRequest()).as("nothing behind the guard saw it").isNull();
        }
    }

    @Test
    void aWellFormedBodyInAnyScriptPassesAndCanStillBeRead() throws Exception {
        byte[] body = "{\"name\":\"日本語 Ελληνικά 🔑 e\u0301\"}".getBytes(StandardCharsets.UTF_8);
        MockFilterChain chain = new MockFilterChain();

        guard.doFilter(request(body, "application/json"), new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
        assertThat(chain.getRequest().getInputStream().readAllBytes()).isEqualTo(body);
    }

    private static MockHttpServletRequest request(byte[] body, String contentType) {
        MockHttpServletRequest request = new MockHttpServletRequest("PATCH", "/api/credentials/x");
        request.setContentType(contentType);
        request.setContent(body);
        return request;
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] a = head.getBytes(StandardCharsets.UTF_8);
        byte[] c = tail.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }
}
