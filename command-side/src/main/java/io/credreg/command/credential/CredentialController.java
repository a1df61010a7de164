package io.credreg.command.credential;

import io.credreg.api.credential.DeletionResult;
import io.credreg.command.validation.Names;
import io.credreg.command.validation.Patterns;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
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
        return ResponseEntity.created(location).body(new CredentialRequests.Created(id));
    }

    @PatchMapping("/{id}")
    CredentialRequests.Renamed rename(@PathVariable @Pattern(regexp = Patterns.CREDENTIAL_ID) String id,
                                      @Valid @RequestBody CredentialRequests.Rename body) {
        credentials.rename(id, body.name());
        return new CredentialRequests.Renamed(id, Names.normalize(body.name()).strip());
    }

    @PutMapping("/{id}/secret")
    CredentialRequests.Rotated rotate(@PathVariable @Pattern(regexp = Patterns.CREDENTIAL_ID) String id,
                                      @Valid @RequestBody CredentialRequests.Rotate body) {
        return credentials.rotate(id, body.secret());
    }

    @DeleteMapping("/{id}")
    DeletionResult delete(@PathVariable @Pattern(regexp = Patterns.CREDENTIAL_ID) String id) {
        return credentials.delete(id);
    }
}
