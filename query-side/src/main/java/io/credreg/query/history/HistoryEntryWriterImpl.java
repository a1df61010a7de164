package io.credreg.query.history;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Persisted entities rather than one statement each: Hibernate sends a batch's entries as JDBC batches at commit.
 * {@code find} looks in the persistence context before the table and never forces a flush, so the check keeps the
 * batching intact.
 */
class HistoryEntryWriterImpl implements HistoryEntryWriter {

    @PersistenceContext
    private EntityManager entityManager;

    @Override
    public int insertIfAbsent(HistoryRecord entry) {
        if (entityManager.find(HistoryEntryView.class, entry.sequence()) != null) {
            return 0;
        }
        entityManager.persist(new HistoryEntryView(entry));
        return 1;
    }

    @Override
    public void insertNew(HistoryRecord entry) {
        entityManager.persist(new HistoryEntryView(entry));
    }
}
