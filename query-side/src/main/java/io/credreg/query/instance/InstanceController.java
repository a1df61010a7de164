package io.credreg.query.instance;

import io.credreg.api.instance.InstanceSetting;
import io.credreg.query.web.RequestPatterns;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
class InstanceController {

    private final InstanceSettings instanceSettings;

    InstanceController(InstanceSettings instanceSettings) {
        this.instanceSettings = instanceSettings;
    }

    @GetMapping(path = "/api/instances/{instanceId}/settings", produces = MediaType.APPLICATION_JSON_VALUE)
    List<InstanceSetting> settings(@PathVariable @Pattern(regexp = RequestPatterns.INSTANCE_ID,
            message = RequestPatterns.INSTANCE_ID_MESSAGE) String instanceId) {
        return instanceSettings.of(instanceId);
    }
}
