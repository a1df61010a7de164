package io.credreg.query.credential;

import io.credreg.api.credential.CredentialStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Runs in the processor's transaction: JdbcTemplate joins the JPA transaction's connection. */
class CredentialWriterImpl implements CredentialWriter {

    private static final String INSERT_IF_ABSENT = """
            insert into qr_credential (credential_id, name, provider, status, secret_hint, secret_version,
                binding_count, created_at, updated_at)
            select ?, ?, ?, ?, ?, ?, 0, ?, ? where not exists (
                select 1 from qr_credential where credential_id = ?)""";
    private static final String ROTATE = """
            update qr_credential set secret_hint = ?, secret_version = ?, updated_at = ?
            where credential_id = ? and secret_version < ?""";
    private static final String MARK_DELETED = """
            update qr_credential set status = ?, binding_count = 0, updated_at = ? where credential_id = ?""";

    private final JdbcTemplate jdbc;

    CredentialWriterImpl(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insertIfAbsent(String id, String name, String provider, String secretHint, int secretVersion,
                               Instant createdAt) {
        OffsetDateTime at = utc(createdAt);
        jdbc.update(INSERT_IF_ABSENT, id, name, provider, CredentialStatus.ACTIVE.label(), secretHint,
                secretVersion, at, at, id);
    }

    @Override
    public void rename(String id, String name, Instant at) {
        jdbc.update("update qr_credential set name = ?, updated_at = ? where credential_id = ?", name, utc(at), id);
    }

    @Override
    public void rotate(String id, String secretHint, int secretVersion, Instant at) {
        jdbc.update(ROTATE, secretHint, secretVersion, utc(at), id, secretVersion);
    }

    @Override
    public void markDeleted(String id, Instant at) {
        jdbc.update(MARK_DELETED, CredentialStatus.DELETED.label(), utc(at), id);
    }

    @Override
    public void addToBindingCount(String id, int delta) {
        jdbc.update("update qr_credential set binding_count = binding_count + ? where credential_id = ?", delta, id);
    }

    @Override
    public void deleteAllCredentials() {
        jdbc.update("delete from qr_credential");
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
