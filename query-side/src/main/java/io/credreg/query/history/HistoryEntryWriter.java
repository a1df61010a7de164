package io.credreg.query.history;

interface HistoryEntryWriter {

    /** @return 1 if recorded, 0 if the event was recorded before (a re-delivery) */
    int insertIfAbsent(HistoryRecord entry);
}
