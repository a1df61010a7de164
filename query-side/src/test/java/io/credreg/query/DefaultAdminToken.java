package io.credreg.query;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Every MockMvc request of a {@link QuerySideTest} authenticates as the bootstrap admin unless it sends an
 * {@code Authorization} of its own: the tests of what the query side answers need not each repeat who asks. The
 * security rules have their own tests, which send other tokens or none.
 */
@TestConfiguration(proxyBeanMethods = false)
public class DefaultAdminToken {

    @Bean
    MockMvcBuilderCustomizer sendTheAdminTokenByDefault(@Value("${registry.admin-token}") String adminToken) {
        return builder -> builder.defaultRequest(get("/").header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken));
    }
}
