package io.credreg.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class CommandSideApplication {

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
