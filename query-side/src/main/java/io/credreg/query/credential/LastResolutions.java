package io.credreg.query.credential;

import io.credreg.api.credential.SecretResolved;
import io.credreg.query.infrastructure.TransactionScoped;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Which version each setting last resolved and when ({@code qr_consumer}), written once per setting and batch: a
 * shared key's batch holds hundreds of resolutions of a few dozen settings, and only the latest of each is kept, so
 * the batch's transaction writes that one just before it commits instead of a statement per resolution (issue 10).
 * Nothing else in the batch reads the table. Outside a transaction each resolution is written at once.
 */
final class LastResolutions {

    private record Setting(String credentialId, String instanceId, String settingKey) {
    }

    private record Last(int version, Instant at) {
    }

    private final JdbcTemplate jdbc;

    LastResolutions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void resolved(SecretResolved event, Instant at) {
        Setting setting = new Setting(event.credentialId(), event.instanceId(), event.settingKey());
        Last last = new Last(event.secretVersion(), at);
        if (!TransactionScoped.active()) {
            write(setting, last);
            return;
        }
        // the latest wins, as in the table; at the same instant the later event does, as a statement each would
        thisBatch().merge(setting, last, (kept, next) -> next.at().isBefore(kept.at()) ? kept : next);
    }

    /** The table's own rule: a row only moves forward in time, so a redelivered or older resolution changes nothing. */
    private void write(Setting setting, Last last) {
        OffsetDateTime when = OffsetDateTime.ofInstant(last.at(), ZoneOffset.UTC);
        int updated = jdbc.update("update qr_consumer set last_resolved_version = ?, last_resolved_at = ? "
                        + "where credential_id = ? and instance_id = ? and setting_key = ? and last_resolved_at <= ?",
                last.version(), when, setting.credentialId(), setting.instanceId(), setting.settingKey(), when);
        if (updated == 0) {
            jdbc.update("insert into qr_consumer (credential_id, instance_id, setting_key, last_resolved_version, "
                            + "last_resolved_at) select ?, ?, ?, ?, ? where not exists (select 1 from qr_consumer "
                            + "where credential_id = ? and instance_id = ? and setting_key = ?)",
                    setting.credentialId(), setting.instanceId(), setting.settingKey(), last.version(), when,
                    setting.credentialId(), setting.instanceId(), setting.settingKey());
        }
    }

    private Map<Setting, Last> thisBatch() {
        return TransactionScoped.get(this, HashMap::new, batch -> batch.forEach(this::write));
    }
}
