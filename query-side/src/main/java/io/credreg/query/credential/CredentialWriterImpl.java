package io.credreg.query.credential;

import io.credreg.api.credential.CredentialStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Runs in the processor's transaction: JdbcTemplate joins the JPA transaction's connection. */
class CredentialWriterImpl implements CredentialWriter {

    /** The version only grows: {@code ?} is the version the event brings the row to. */
    private static final String ADVANCE_VERSION =
            "version = case when version is null or version < ? then ? else version end";
    private static final String INSERT_IF_ABSENT = """
            insert into qr_credential (credential_id, name, provider, status, secret_hint, secret_version,
                binding_count, created_at, updated_at, version)
            select ?, ?, ?, ?, ?, ?, 0, ?, ?, ? where not exists (
                select 1 from qr_credential where credential_id = ?)""";
    private static final String RENAME =
            "update qr_credential set name = ?, updated_at = ?, " + ADVANCE_VERSION + " where credential_id = ?";
    private static final String ROTATE = """
            update qr_credential set secret_hint = ?, secret_version = ?, updated_at = ?, %s
            where credential_id = ? and secret_version < ?""".formatted(ADVANCE_VERSION);
    private static final String MARK_DELETED = """
            update qr_credential set status = ?, binding_count = 0, updated_at = ?, %s
            where credential_id = ?""".formatted(ADVANCE_VERSION);
    private static final String MARK_RESTORED = """
            update qr_credential set status = ?, restorable_until = null, updated_at = ?, %s
            where credential_id = ?""".formatted(ADVANCE_VERSION);
    private static final String MARK_PURGED = """
            update qr_credential set restorable_until = null, purged_at = ?, updated_at = ?, %s
            where credential_id = ?""".formatted(ADVANCE_VERSION);
    private static final String ADD_TO_BINDING_COUNT = "update qr_credential set binding_count = binding_count + ?, "
            + ADVANCE_VERSION + " where credential_id = ?";
    private static final String VERSION_ONLY =
            "update qr_credential set " + ADVANCE_VERSION + " where credential_id = ?";

    private final JdbcTemplate jdbc;

    CredentialWriterImpl(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insertIfAbsent(String id, String name, String provider, String secretHint, int secretVersion,
                               Instant createdAt, long version) {
        OffsetDateTime at = utc(createdAt);
        jdbc.update(INSERT_IF_ABSENT, id, name, provider, CredentialStatus.ACTIVE.label(), secretHint,
                secretVersion, at, at, version, id);
    }

    @Override
    public void rename(String id, String name, Instant at, long version) {
        jdbc.update(RENAME, name, utc(at), version, version, id);
    }

    @Override
    public void rotate(String id, String secretHint, int secretVersion, Instant at, long version) {
        jdbc.update(ROTATE, secretHint, secretVersion, utc(at), version, version, id, secretVersion);
    }

    @Override
    public void markDeleted(String id, Instant at, long version) {
        jdbc.update(MARK_DELETED, CredentialStatus.DELETED.label(), utc(at), version, version, id);
    }

    @Override
    public void markRestorable(String id, Instant restorableUntil) {
        jdbc.update("update qr_credential set restorable_until = ? where credential_id = ?", utc(restorableUntil), id);
    }

    @Override
    public void markRestored(String id, Instant at, long version) {
        jdbc.update(MARK_RESTORED, CredentialStatus.ACTIVE.label(), utc(at), version, version, id);
    }

    @Override
    public void markPurged(String id, Instant at, long version) {
        jdbc.update(MARK_PURGED, utc(at), utc(at), version, version, id);
    }

    @Override
    public void addToBindingCount(String id, int delta, long version) {
        jdbc.update(ADD_TO_BINDING_COUNT, delta, version, version, id);
    }

    @Override
    public void advanceVersion(String id, long version) {
        jdbc.update(VERSION_ONLY, version, version, id);
    }

    @Override
    public void deleteAllCredentials() {
        jdbc.update("delete from qr_credential");
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
