package io.credreg.query.console;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The admin console the query side serves at {@code /console/}.
 *
 * @param commandUrl the command side's base URL as a browser reaches it: the console sends its changes there, and
 *                   the Content-Security-Policy lets it connect there and nowhere else but this origin
 */
@ConfigurationProperties("registry.console")
public record ConsoleProperties(@DefaultValue("http://localhost:8080") String commandUrl) {

    public ConsoleProperties {
        commandUrl = commandUrl == null || commandUrl.isBlank() ? "http://localhost:8080" : stripSlash(commandUrl);
    }

    private static String stripSlash(String url) {
        String trimmed = url.strip();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
