package io.credreg.command.credential;

import io.credreg.api.binding.SettingRef;
import io.credreg.command.validation.Patterns;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Secret resolution for consumers: the one place where a plaintext secret leaves the registry. Only this side can
 * decrypt; who may ask is decided by the security rules (the instance's own token, or an admin).
 */
@RestController
class SecretResolutionController {

    private final SecretResolutionService resolutions;

    SecretResolutionController(SecretResolutionService resolutions) {
        this.resolutions = resolutions;
    }

    @GetMapping("/api/instances/{instanceId}/settings/{settingKey}/secret")
    ResponseEntity<SecretResolutionService.Resolution> resolve(
            @PathVariable @Pattern(regexp = Patterns.INSTANCE_ID, message = "must match " + Patterns.INSTANCE_ID) String instanceId,
            @PathVariable @Pattern(regexp = Patterns.SETTING_KEY, message = "must match " + Patterns.SETTING_KEY) String settingKey) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(resolutions.resolve(new SettingRef(instanceId, settingKey)));
    }
}
