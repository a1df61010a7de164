package io.credreg.query;

import io.credreg.query.auditchain.CheckpointVerificationCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.Arrays;

@SpringBootApplication
// one @ConfigurationProperties record per concern, next to the code that reads it
@ConfigurationPropertiesScan
public class QuerySideApplication {

    public static void main(String[] args) {
        // Axon phones home at start-up unless told not to, and the machines this runs on have no internet.
        System.setProperty("axoniq.update-checker.disabled", "true");
        if (args.length > 0 && CheckpointVerificationCommand.NAME.equals(args[0])) {
            // A one-shot mode of the same jar (./registry verify): reads the database, starts nothing, exits.
            System.exit(CheckpointVerificationCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
