package io.credreg.query.history;

interface HistoryEntryWriter {

    /** @return 1 if recorded, 0 if the event was recorded before (a re-delivery) */
    int insertIfAbsent(HistoryRecord entry);

    /**
     * Records an event known not to be recorded yet, without looking for it first: during a replay, whose reset
     * emptied the table and whose batches commit with their token, no entry of a replayed event can exist.
     */
    void insertNew(HistoryRecord entry);
}
