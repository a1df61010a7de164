package io.credreg.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
// one @ConfigurationProperties record per concern, next to the code that reads it
@ConfigurationPropertiesScan
public class QuerySideApplication {

    public static void main(String[] args) {
        // Axon phones home at start-up unless told not to, and the machines this runs on have no internet.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
