package io.credreg.command.credential;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Staged rotation (decision 0210).
 *
 * @param defaultGrace how long a promoted secret's previous version stays resolvable when the stage request names no
 *                     {@code graceSeconds}
 * @param pollInterval how often each command node looks for due promotions and retirements
 */
@ConfigurationProperties("registry.staged-rotation")
public record StagedRotationProperties(@DefaultValue("1h") Duration defaultGrace,
                                       @DefaultValue("5s") Duration pollInterval) {
}
