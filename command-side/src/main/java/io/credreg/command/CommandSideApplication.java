package io.credreg.command;

import io.credreg.command.importing.EvolutionImportCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.util.Arrays;

@SpringBootApplication
// one @ConfigurationProperties record per concern, next to the code that reads it
@ConfigurationPropertiesScan
public class CommandSideApplication {

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        if (args.length > 0 && EvolutionImportCommand.NAME.equals(args[0])) {
            // A one-shot mode of the same jar (./registry import-evolution): no web server, exits when done.
            System.exit(EvolutionImportCommand.run(Arrays.copyOfRange(args, 1, args.length),
                    CommandSideApplication.class));
        }
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
