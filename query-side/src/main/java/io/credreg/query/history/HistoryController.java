package io.credreg.query.history;

import io.credreg.api.credential.FindCredentialHistory;
import io.credreg.api.credential.HistoryEntry;
import io.credreg.query.web.NotFoundException;
import io.credreg.query.web.RequestPatterns;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
class HistoryController {

    private final QueryGateway queries;

    HistoryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping(path = "/api/credentials/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    List<HistoryEntry> history(@PathVariable @Pattern(regexp = RequestPatterns.CREDENTIAL_ID,
            message = RequestPatterns.CREDENTIAL_ID_MESSAGE) String id) {
        List<HistoryEntry> entries = queries.query(new FindCredentialHistory(id),
                ResponseTypes.multipleInstancesOf(HistoryEntry.class)).join();
        if (entries.isEmpty()) {
            throw NotFoundException.credential(id);
        }
        return entries;
    }
}
