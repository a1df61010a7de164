package io.credreg.platform.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The web edge both sides share: request ids, the body guard and problem details for what never
 * reaches a controller (the error page, Tomcat's own refusals). Runs before Boot's error handling, so that its
 * default error controller steps aside for {@link ProblemErrorController}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(HttpLimits.class)
@Import(ProblemErrorController.class)
public class PlatformWebAutoConfiguration {

    @Bean
    RequestIdFilter requestIdFilter() {
        return new RequestIdFilter();
    }

    @Bean
    RequestBodyGuard requestBodyGuard(HttpLimits limits) {
        return new RequestBodyGuard(limits);
    }

    @Bean
    FilterRegistrationBean<ActuatorNotFoundFilter> actuatorNotFoundFilter() {
        FilterRegistrationBean<ActuatorNotFoundFilter> registration =
                new FilterRegistrationBean<>(new ActuatorNotFoundFilter());
        registration.addUrlPatterns(ActuatorNotFoundFilter.PATTERN);
        return registration;
    }

    @Bean
    ProblemErrorReportConfiguration problemErrorReportConfiguration() {
        return new ProblemErrorReportConfiguration();
    }
}
