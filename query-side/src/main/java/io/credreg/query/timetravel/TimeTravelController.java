package io.credreg.query.timetravel;

import io.credreg.api.instance.InstanceSetting;
import io.credreg.api.timetravel.CredentialAsOf;
import io.credreg.query.web.RequestPatterns;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;

/**
 * The {@code ?at=} variants of the credential detail and the instance settings. Mapped by the presence of the
 * parameter, so the endpoints without it stay exactly as they are (served from the read models).
 */
@RestController
class TimeTravelController {

    private final TimeTravel timeTravel;
    private final Clock clock = Clock.systemUTC();

    TimeTravelController(TimeTravel timeTravel) {
        this.timeTravel = timeTravel;
    }

    @GetMapping(path = "/api/credentials/{id}", params = "at", produces = MediaType.APPLICATION_JSON_VALUE)
    CredentialAsOf credential(@PathVariable @Pattern(regexp = RequestPatterns.CREDENTIAL_ID,
            message = RequestPatterns.CREDENTIAL_ID_MESSAGE) String id, @RequestParam String at) {
        return timeTravel.credential(id, AsOf.parse(at, clock));
    }

    @GetMapping(path = "/api/instances/{instanceId}/settings", params = "at",
            produces = MediaType.APPLICATION_JSON_VALUE)
    List<InstanceSetting> settings(@PathVariable @Pattern(regexp = RequestPatterns.INSTANCE_ID,
            message = RequestPatterns.INSTANCE_ID_MESSAGE) String instanceId, @RequestParam String at) {
        return timeTravel.instanceSettings(instanceId, AsOf.parse(at, clock));
    }
}
