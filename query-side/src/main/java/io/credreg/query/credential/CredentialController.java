package io.credreg.query.credential;

import io.credreg.api.credential.CredentialConsumer;
import io.credreg.api.credential.CredentialConsumers;
import io.credreg.api.credential.FindCredentialConsumers;

import java.util.Optional;

import io.credreg.api.credential.CredentialDetail;
import io.credreg.api.credential.CredentialPage;
import io.credreg.api.credential.FindCredentialPage;
import io.credreg.api.credential.CredentialStatus;
import io.credreg.api.credential.CredentialSummary;
import io.credreg.api.credential.DeletionImpact;
import io.credreg.api.credential.FindCredential;
import io.credreg.api.credential.FindCredentials;
import io.credreg.api.credential.FindDeletionImpact;
import io.credreg.query.web.NotFoundException;
import io.credreg.query.web.RequestPatterns;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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

    static final String TOTAL_COUNT = "X-Total-Count";
    private static final int DEFAULT_PAGE_SIZE = 50;
    private static final String SORT = "-?(" + "name|provider|status|createdAt|updatedAt|bindingCount" + ")?";
    private static final String SORT_MESSAGE =
            "sort must be one of name, provider, status, createdAt, updatedAt, bindingCount, optionally after '-'";

    private final QueryGateway queries;

    CredentialController(QueryGateway queries) {
        this.queries = queries;
    }

    /**
     * Without {@code page}, {@code size} or {@code sort} every match, oldest first (as before the console); with any
     * of them one page of at most {@code size} (default 50, at most 500). {@code X-Total-Count} says how many match.
     */
    @GetMapping
    ResponseEntity<List<CredentialSummary>> list(
            @RequestParam(required = false)
            @Pattern(regexp = RequestPatterns.PROVIDER_FILTER, message = RequestPatterns.PROVIDER_FILTER_MESSAGE)
            String provider,
            @RequestParam(required = false)
            @Pattern(regexp = RequestPatterns.STATUS_FILTER, message = RequestPatterns.STATUS_FILTER_MESSAGE)
            String status,
            @RequestParam(required = false) @Size(max = RequestPatterns.NAME_FILTER_MAX_LENGTH) String name,
            @RequestParam(required = false) @Min(value = 0, message = "page must be 0 or more") Integer page,
            @RequestParam(required = false) @Min(value = 1, message = "size must be between 1 and 500")
            @Max(value = 500, message = "size must be between 1 and 500") Integer size,
            @RequestParam(required = false) @Pattern(regexp = SORT, message = SORT_MESSAGE) String sort) {
        FindCredentials filters = new FindCredentials(emptyToNull(provider), statusOf(status), emptyToNull(name));
        if (page == null && size == null && (sort == null || sort.isEmpty())) {
            List<CredentialSummary> all = queries.query(filters,
                    ResponseTypes.multipleInstancesOf(CredentialSummary.class)).join();
            return withTotal(all, all.size());
        }
        CredentialPage result = queries.query(pageQuery(filters, page, size, sort),
                ResponseTypes.instanceOf(CredentialPage.class)).join();
        return withTotal(result.items(), result.total());
    }

    private static FindCredentialPage pageQuery(FindCredentials filters, Integer page, Integer size, String sort) {
        String order = sort == null || sort.isEmpty() ? "createdAt" : sort;
        boolean descending = order.startsWith("-");
        return new FindCredentialPage(filters, page == null ? 0 : page, size == null ? DEFAULT_PAGE_SIZE : size,
                descending ? order.substring(1) : order, descending);
    }

    private static ResponseEntity<List<CredentialSummary>> withTotal(List<CredentialSummary> items, long total) {
        return ResponseEntity.ok().header(TOTAL_COUNT, Long.toString(total)).body(items);
    }

    /**
     * The credential's version (the sequence number of the last event of its stream this read model projected) is
     * the ETag, the same number the command side's answers carry, for a command's If-Match (decision 0130).
     */
    @GetMapping("/{id}")
    ResponseEntity<CredentialDetail> get(@PathVariable @Pattern(regexp = RequestPatterns.CREDENTIAL_ID,
            message = RequestPatterns.CREDENTIAL_ID_MESSAGE) String id) {
        CredentialDetail detail = queries.query(new FindCredential(id),
                        ResponseTypes.optionalInstanceOf(CredentialDetail.class))
                .join()
                .orElseThrow(() -> NotFoundException.credential(id));
        return withVersion(detail.version()).body(detail);
    }

    @GetMapping("/{id}/deletion-impact")
    ResponseEntity<DeletionImpact> deletionImpact(@PathVariable @Pattern(regexp = RequestPatterns.CREDENTIAL_ID,
            message = RequestPatterns.CREDENTIAL_ID_MESSAGE) String id) {
        DeletionImpact impact = queries.query(new FindDeletionImpact(id),
                        ResponseTypes.optionalInstanceOf(DeletionImpact.class))
                .join()
                .orElseThrow(() -> NotFoundException.credential(id));
        return withVersion(impact.version()).body(impact);
    }

    /** Who still uses which version: each bound setting with the version it last resolved (decision 0210). */
    @GetMapping("/{id}/consumers")
    ResponseEntity<List<CredentialConsumer>> consumers(@PathVariable @Pattern(regexp = RequestPatterns.CREDENTIAL_ID,
            message = RequestPatterns.CREDENTIAL_ID_MESSAGE) String id) {
        Optional<CredentialConsumers> found = queries.query(new FindCredentialConsumers(id),
                ResponseTypes.optionalInstanceOf(CredentialConsumers.class)).join();
        return ResponseEntity.ok(found.orElseThrow(() -> NotFoundException.credential(id)).items());
    }

    /** A strong entity tag holding the version, {@code "7"}; none for a row projected before versions were kept. */
    private static ResponseEntity.BodyBuilder withVersion(Long version) {
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        return version == null ? ok : ok.eTag("\"" + version + "\"");
    }

    private static CredentialStatus statusOf(String status) {
        return status == null || status.isEmpty() ? null : CredentialStatus.valueOf(status.toUpperCase(Locale.ROOT));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
