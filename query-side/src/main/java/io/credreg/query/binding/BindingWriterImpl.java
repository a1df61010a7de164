package io.credreg.query.binding;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Runs in the processor's transaction: JdbcTemplate joins the JPA transaction's connection. */
class BindingWriterImpl implements BindingWriter {

    private static final String INSERT_IF_ABSENT = """
            insert into qr_binding (credential_id, instance_id, setting_key, bound_at)
            select ?, ?, ?, ? where not exists (
                select 1 from qr_binding where credential_id = ? and instance_id = ? and setting_key = ?)""";
    private static final String DELETE =
            "delete from qr_binding where credential_id = ? and instance_id = ? and setting_key = ?";

    private final JdbcTemplate jdbc;

    BindingWriterImpl(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public int insertIfAbsent(BindingId binding, Instant boundAt) {
        return jdbc.update(INSERT_IF_ABSENT, binding.credentialId(), binding.instanceId(), binding.settingKey(),
                OffsetDateTime.ofInstant(boundAt, ZoneOffset.UTC),
                binding.credentialId(), binding.instanceId(), binding.settingKey());
    }

    @Override
    public int delete(BindingId binding) {
        return jdbc.update(DELETE, binding.credentialId(), binding.instanceId(), binding.settingKey());
    }

    @Override
    public int deleteAllOfCredential(String credentialId) {
        return jdbc.update("delete from qr_binding where credential_id = ?", credentialId);
    }

    @Override
    public int deleteAllBindings() {
        return jdbc.update("delete from qr_binding");
    }
}
