package io.credreg.query.timetravel;

import io.credreg.api.instance.InstanceSetting;
import io.credreg.api.timetravel.CredentialAsOf;
import io.credreg.api.timetravel.CredentialAsOfAnswer;
import io.credreg.api.timetravel.FindCredentialAsOf;
import io.credreg.api.timetravel.FindInstanceSettingsAsOf;
import io.credreg.query.web.NotFoundException;
import io.credreg.query.web.RequestPatterns;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The {@code ?at=} variants of the credential detail and the instance settings. Mapped by the presence of the
 * parameter, so the endpoints without it stay exactly as they are (served from the read models).
 */
@RestController
class TimeTravelController {

    private final QueryGateway queries;
    private final Clock clock = Clock.systemUTC();

    TimeTravelController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping(path = "/api/credentials/{id}", params = "at", produces = MediaType.APPLICATION_JSON_VALUE)
    CredentialAsOf credential(@PathVariable @Pattern(regexp = RequestPatterns.CREDENTIAL_ID,
            message = RequestPatterns.CREDENTIAL_ID_MESSAGE) String id, @RequestParam String at) {
        Instant instant = AsOf.parse(at, clock);
        CredentialAsOfAnswer answer = queries.query(new FindCredentialAsOf(id, instant),
                ResponseTypes.instanceOf(CredentialAsOfAnswer.class)).join();
        if (answer.firstEventAt() == null) {
            throw NotFoundException.credential(id);
        }
        if (answer.credential() == null) {
            throw new NotFoundException("Credential '" + id + "' did not exist yet at " + instant
                    + "; it was created at " + answer.firstEventAt() + ".");
        }
        return answer.credential();
    }

    @GetMapping(path = "/api/instances/{instanceId}/settings", params = "at",
            produces = MediaType.APPLICATION_JSON_VALUE)
    List<InstanceSetting> settings(@PathVariable @Pattern(regexp = RequestPatterns.INSTANCE_ID,
            message = RequestPatterns.INSTANCE_ID_MESSAGE) String instanceId, @RequestParam String at) {
        return queries.query(new FindInstanceSettingsAsOf(instanceId, AsOf.parse(at, clock)),
                ResponseTypes.multipleInstancesOf(InstanceSetting.class)).join();
    }
}
