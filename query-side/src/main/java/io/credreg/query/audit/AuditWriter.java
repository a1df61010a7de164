package io.credreg.query.audit;

import io.credreg.query.infrastructure.NewEntries;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.Optional;

/**
 * Writes the audit processor's two tables. Persisted entities rather than one statement each, as in the history
 * projection: Hibernate sends a batch's entries as JDBC batches at commit, and {@code find} looks in the
 * persistence context first, so a batch of one credential's events reads its name once.
 */
@Component
@Transactional
class AuditWriter {

    @PersistenceContext
    private EntityManager entityManager;

    private final NewEntries newEntries;

    AuditWriter(JdbcTemplate jdbc) {
        this.newEntries = new NewEntries(jdbc, "qr_audit_entry");
    }

    /** @return false if the event was recorded before (a re-delivery) */
    boolean insertIfAbsent(AuditRecord entry) {
        if (!newEntries.certainlyNew(entry.credentialId(), entry.sequence())
                && entityManager.find(AuditEntryView.class, entry.sequence()) != null) {
            return false;
        }
        insertNew(entry);
        return true;
    }

    /** For a replay, whose reset emptied the table: no entry of a replayed event can exist yet. */
    void insertNew(AuditRecord entry) {
        entityManager.persist(new AuditEntryView(entry));
        newEntries.written(entry.credentialId(), entry.sequence());
    }

    Optional<AuditCredentialView> credential(String credentialId) {
        return Optional.ofNullable(entityManager.find(AuditCredentialView.class, credentialId));
    }

    void remember(String credentialId, String name, String provider) {
        AuditCredentialView known = entityManager.find(AuditCredentialView.class, credentialId);
        if (known == null) {
            entityManager.persist(new AuditCredentialView(credentialId, name, provider));
        } else {
            known.rename(name);
        }
    }

    void deleteAll() {
        entityManager.createQuery("delete from AuditEntryView").executeUpdate();
        entityManager.createQuery("delete from AuditCredentialView").executeUpdate();
    }
}
