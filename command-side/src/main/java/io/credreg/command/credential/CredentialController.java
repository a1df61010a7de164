package io.credreg.command.credential;

import io.credreg.api.credential.DeletionResult;
import io.credreg.api.credential.RestoreResult;
import io.credreg.command.validation.Names;
import io.credreg.command.web.EntityTags;
import io.credreg.command.validation.Patterns;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
@RequestMapping("/api/credentials")
class CredentialController {

    private final CredentialService credentials;

    CredentialController(CredentialService credentials) {
        this.credentials = credentials;
    }

    @PostMapping
    ResponseEntity<CredentialRequests.Created> create(@Valid @RequestBody CredentialRequests.Create body) {
        String id = credentials.create(body.name(), body.provider(), body.secret());
        // relative: a Location built from the request would echo whatever Host header the caller sent
        var location = UriComponentsBuilder.fromPath("/api/credentials/{id}").buildAndExpand(id).toUri();
        return ResponseEntity.created(location).eTag(EntityTags.of(CredentialService.FIRST_VERSION))
                .body(new CredentialRequests.Created(id));
    }

    /*
     * Every command answer carries the credential's version as its ETag; an If-Match names the version the caller
     * expects, and a stale one is refused with 412 (see EntityTags and decision 0130).
     */

    @PatchMapping("/{id}")
    ResponseEntity<CredentialRequests.Renamed> rename(
            @PathVariable @Pattern(regexp = Patterns.CREDENTIAL_ID) String id,
            @RequestHeader(name = EntityTags.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody CredentialRequests.Rename body) {
        long version = credentials.rename(id, body.name(), EntityTags.expectedVersion(ifMatch));
        return ResponseEntity.ok().eTag(EntityTags.of(version))
                .body(new CredentialRequests.Renamed(id, Names.normalize(body.name()).strip()));
    }

    @PutMapping("/{id}/secret")
    ResponseEntity<CredentialRequests.Rotated> rotate(
            @PathVariable @Pattern(regexp = Patterns.CREDENTIAL_ID) String id,
            @RequestHeader(name = EntityTags.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody CredentialRequests.Rotate body) {
        Versioned<CredentialRequests.Rotated> rotated =
                credentials.rotate(id, body.secret(), EntityTags.expectedVersion(ifMatch));
        return ResponseEntity.ok().eTag(EntityTags.of(rotated.version())).body(rotated.result());
    }

    /**
     * {@code recoveryWindowDays} (0 to 30, the configured default when absent) keeps the credential restorable that
     * long; 0 destroys its data key at once (decision 0200).
     */
    @DeleteMapping("/{id}")
    ResponseEntity<DeletionResult> delete(@PathVariable @Pattern(regexp = Patterns.CREDENTIAL_ID) String id,
                                          @RequestHeader(name = EntityTags.IF_MATCH, required = false)
                                          String ifMatch,
                                          @RequestParam(name = RECOVERY_WINDOW_DAYS, required = false)
                                          String recoveryWindowDays) {
        Versioned<DeletionResult> deleted = credentials.delete(id, EntityTags.expectedVersion(ifMatch),
                windowDays(recoveryWindowDays));
        return ResponseEntity.ok().eTag(EntityTags.of(deleted.version())).body(deleted.result());
    }

    /** Within the recovery window: the credential is active again; the answer names what was (not) bound again. */
    @PostMapping("/{id}/restore")
    ResponseEntity<RestoreResult> restore(@PathVariable @Pattern(regexp = Patterns.CREDENTIAL_ID) String id,
                                          @RequestHeader(name = EntityTags.IF_MATCH, required = false)
                                          String ifMatch) {
        Versioned<RestoreResult> restored = credentials.restore(id, EntityTags.expectedVersion(ifMatch));
        return ResponseEntity.ok().eTag(EntityTags.of(restored.version())).body(restored.result());
    }

    static final String RECOVERY_WINDOW_DAYS = "recoveryWindowDays";
    private static final java.util.regex.Pattern DAYS = java.util.regex.Pattern.compile("[0-9]{1,2}");

    /** Null when absent (the configured default applies); only plain whole numbers from 0 to 30 otherwise. */
    static Integer windowDays(String value) {
        if (value == null) {
            return null;
        }
        if (!DAYS.matcher(value).matches() || Integer.parseInt(value) > RecoveryWindowProperties.MAX_DAYS) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'" + RECOVERY_WINDOW_DAYS
                    + "' must be a whole number from 0 to " + RecoveryWindowProperties.MAX_DAYS);
        }
        return Integer.parseInt(value);
    }
}
