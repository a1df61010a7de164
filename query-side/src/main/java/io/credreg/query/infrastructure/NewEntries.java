package io.credreg.query.infrastructure;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells a projection that an entry it is about to write cannot be stored yet, without a lookup per event: the hot
 * path of a shared key is a stream of resolutions of one credential, and a primary-key lookup for each of them cost
 * the audit and history processors about half their time (issue 10).
 * <p>
 * One credential's events reach a projection in one segment, in the order of their sequences. So within one batch
 * (one transaction) the highest sequence the table holds for a credential is read once, and every event of that
 * credential above it is new; the projection's own writes in the batch move that mark up. Everything else (no
 * credential, a sequence at or below the mark, no transaction) is not known to be new, and the caller looks it up as
 * before. A concurrent writer of the same entry (two nodes briefly holding one segment) is caught by the primary
 * key, which rolls the batch back for a retry, as it was with a lookup under read committed.
 * <p>
 * The highest sequence is read as the last entry of the credential in index order, not as {@code max(...)}: H2 answers
 * a {@code max} with a condition by scanning every entry of the credential, so the hot credential's lookup grew with
 * its history (one scan per batch, in both processors); in index order it reads one entry, on H2 and PostgreSQL.
 */
public final class NewEntries {

    private final JdbcTemplate jdbc;
    private final String highestQuery;

    /** For a table with the columns {@code credential_id} and {@code global_sequence}, indexed in this order. */
    public NewEntries(JdbcTemplate jdbc, String table) {
        this.jdbc = jdbc;
        this.highestQuery = "select global_sequence from " + table + " where credential_id = ?"
                + " order by credential_id desc, global_sequence desc fetch first 1 rows only";
    }

    /** True only when no entry of this credential at this sequence can be stored. */
    public boolean certainlyNew(String credentialId, long sequence) {
        if (credentialId == null || !TransactionScoped.active()) {
            return false;
        }
        return sequence > highestThisBatch().computeIfAbsent(credentialId, this::highestStored);
    }

    /** The projection wrote this entry: later events of the credential in this batch stay above the mark. */
    public void written(String credentialId, long sequence) {
        if (credentialId != null && TransactionScoped.active()) {
            // only a mark read from the table may move: one never read says nothing about what is stored
            highestThisBatch().computeIfPresent(credentialId, (id, highest) -> Math.max(highest, sequence));
        }
    }

    /** The statement that reads a credential's highest stored sequence; visible so a test can ask for its plan. */
    String highestQuery() {
        return highestQuery;
    }

    private long highestStored(String credentialId) {
        List<Long> highest = jdbc.queryForList(highestQuery, Long.class, credentialId);
        return highest.isEmpty() ? Long.MIN_VALUE : highest.get(0);
    }

    private Map<String, Long> highestThisBatch() {
        return TransactionScoped.get(this, HashMap::new, highest -> { });
    }
}
