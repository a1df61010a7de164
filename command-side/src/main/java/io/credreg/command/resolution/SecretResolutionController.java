package io.credreg.command.resolution;

import io.credreg.api.binding.SettingRef;
import io.credreg.command.validation.Patterns;
import io.credreg.platform.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static io.credreg.api.EventMetadata.CORRELATION_ID;
import static io.credreg.api.EventMetadata.REQUEST_ID;

/**
 * Secret resolution for consumers: the one place where a plaintext secret leaves the registry. Only this side can
 * decrypt; who may ask is decided by the security rules (the instance's own token, or an admin). The version is the
 * entity tag, so a consumer that sends it back in {@code If-None-Match} gets 304 while it is still current.
 */
@RestController
class SecretResolutionController {

    /** {@code ?version=}: the pending version, or a version number (decision 0210). */
    static final String VERSION = "pending|[1-9][0-9]{0,8}";

    private final SecretResolutionService resolutions;

    SecretResolutionController(SecretResolutionService resolutions) {
        this.resolutions = resolutions;
    }

    @GetMapping("/api/instances/{instanceId}/settings/{settingKey}/secret")
    ResponseEntity<SecretResolutionService.Resolution> resolve(
            @PathVariable @Pattern(regexp = Patterns.INSTANCE_ID, message = "must match " + Patterns.INSTANCE_ID) String instanceId,
            @PathVariable @Pattern(regexp = Patterns.SETTING_KEY, message = "must match " + Patterns.SETTING_KEY) String settingKey,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
            @RequestParam(name = "version", required = false)
            @Pattern(regexp = VERSION, message = "must be \"pending\" or a version number") String version,
            HttpServletRequest request) {
        SecretResolutionService.Resolution resolution = resolutions.resolve(new SettingRef(instanceId, settingKey),
                version, VersionTag.parse(ifNoneMatch), attribute(request, CORRELATION_ID), attribute(request, REQUEST_ID));
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(resolution.notModified() ? HttpStatus.NOT_MODIFIED
                : HttpStatus.OK).cacheControl(CacheControl.noStore()).eTag(VersionTag.of(resolution.version()));
        return resolution.notModified() ? answer.build() : answer.body(resolution);
    }

    private static String attribute(HttpServletRequest request, String name) {
        Object value = request.getAttribute(name);
        return value == null ? null : value.toString();
    }

    /** Fail closed: a resolution that could not be recorded hands nothing out. */
    @ExceptionHandler(ResolutionNotRecordedException.class)
    ResponseEntity<ProblemDetail> notRecorded(ResolutionNotRecordedException failure) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(ProblemType.SERVICE_UNAVAILABLE.problem(HttpStatus.SERVICE_UNAVAILABLE, failure.getMessage()
                        + "; the secret was not handed out, retry the request"));
    }
}
