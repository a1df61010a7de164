package io.credreg.query.history;

import io.credreg.api.credential.FindCredentialHistory;
import io.credreg.api.credential.HistoryEntry;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.List;

@Component
class HistoryQueryHandler {

    private final HistoryEntryRepository entries;

    HistoryQueryHandler(HistoryEntryRepository entries) {
        this.entries = entries;
    }

    /** An empty list means the credential is unknown (every credential's history starts with its creation). */
    @QueryHandler
    List<HistoryEntry> handle(FindCredentialHistory query) {
        return entries.findByCredentialIdOrderByGlobalSequence(query.credentialId()).stream()
                .map(HistoryEntryView::toEntry)
                .toList();
    }
}
