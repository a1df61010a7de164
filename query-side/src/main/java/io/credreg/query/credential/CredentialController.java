package io.credreg.query.credential;

import io.credreg.api.credential.CredentialDetail;
import io.credreg.api.credential.CredentialStatus;
import io.credreg.api.credential.CredentialSummary;
import io.credreg.api.credential.DeletionImpact;
import io.credreg.api.credential.FindCredential;
import io.credreg.api.credential.FindCredentials;
import io.credreg.api.credential.FindDeletionImpact;
import io.credreg.query.web.NotFoundException;
import io.credreg.query.web.RequestPatterns;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Locale;

@RestController
@RequestMapping(path = "/api/credentials", produces = MediaType.APPLICATION_JSON_VALUE)
class CredentialController {

    private final QueryGateway queries;

    CredentialController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping
    List<CredentialSummary> list(
            @RequestParam(required = false)
            @Pattern(regexp = RequestPatterns.PROVIDER_FILTER, message = RequestPatterns.PROVIDER_FILTER_MESSAGE)
            String provider,
            @RequestParam(required = false)
            @Pattern(regexp = RequestPatterns.STATUS_FILTER, message = RequestPatterns.STATUS_FILTER_MESSAGE)
            String status,
            @RequestParam(required = false) @Size(max = RequestPatterns.NAME_FILTER_MAX_LENGTH) String name) {
        FindCredentials query = new FindCredentials(emptyToNull(provider), statusOf(status), emptyToNull(name));
        return queries.query(query, ResponseTypes.multipleInstancesOf(CredentialSummary.class)).join();
    }

    @GetMapping("/{id}")
    CredentialDetail get(@PathVariable @Pattern(regexp = RequestPatterns.CREDENTIAL_ID,
            message = RequestPatterns.CREDENTIAL_ID_MESSAGE) String id) {
        return queries.query(new FindCredential(id), ResponseTypes.optionalInstanceOf(CredentialDetail.class))
                .join()
                .orElseThrow(() -> NotFoundException.credential(id));
    }

    @GetMapping("/{id}/deletion-impact")
    DeletionImpact deletionImpact(@PathVariable @Pattern(regexp = RequestPatterns.CREDENTIAL_ID,
            message = RequestPatterns.CREDENTIAL_ID_MESSAGE) String id) {
        return queries.query(new FindDeletionImpact(id), ResponseTypes.optionalInstanceOf(DeletionImpact.class))
                .join()
                .orElseThrow(() -> NotFoundException.credential(id));
    }

    private static CredentialStatus statusOf(String status) {
        return status == null || status.isEmpty() ? null : CredentialStatus.valueOf(status.toUpperCase(Locale.ROOT));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
