package io.credreg.query.history;

import io.credreg.query.infrastructure.NewEntries;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Persisted entities rather than one statement each: Hibernate sends a batch's entries as JDBC batches at commit.
 * {@code find} looks in the persistence context before the table and never forces a flush, so the check keeps the
 * batching intact; {@link NewEntries} spares it for the events known to be new.
 */
class HistoryEntryWriterImpl implements HistoryEntryWriter {

    @PersistenceContext
    private EntityManager entityManager;

    private final NewEntries newEntries;

    HistoryEntryWriterImpl(JdbcTemplate jdbc) {
        this.newEntries = new NewEntries(jdbc, "qr_history_entry");
    }

    @Override
    public int insertIfAbsent(HistoryRecord entry) {
        if (!newEntries.certainlyNew(entry.credentialId(), entry.sequence())
                && entityManager.find(HistoryEntryView.class, entry.sequence()) != null) {
            return 0;
        }
        insertNew(entry);
        return 1;
    }

    @Override
    public void insertNew(HistoryRecord entry) {
        entityManager.persist(new HistoryEntryView(entry));
        newEntries.written(entry.credentialId(), entry.sequence());
    }
}
