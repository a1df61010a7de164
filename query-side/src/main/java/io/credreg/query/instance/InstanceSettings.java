package io.credreg.query.instance;

import io.credreg.api.instance.FindInstanceSettings;
import io.credreg.api.instance.InstanceSetting;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * An instance's settings, with each credential's current name and provider from the same processor's read model.
 * It is the read consumers poll next to resolution, so it is one plain statement, and its controller calls it
 * directly rather than through the query bus (decision 0230): no JPA query (Hibernate's plan and mapping were a
 * fifth of its CPU), no transaction around a single statement, no bus dispatch. The bus still answers
 * {@link FindInstanceSettings} with the same statement.
 */
@Component
public class InstanceSettings {

    private static final String SETTINGS = "select b.setting_key, b.credential_id, c.name, c.provider, b.bound_at "
            + "from qr_binding b join qr_credential c on c.credential_id = b.credential_id "
            + "where b.instance_id = ? order by b.setting_key, b.bound_at";

    private final JdbcTemplate jdbc;

    InstanceSettings(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Instances exist only through their bindings, so an unknown instance simply has no settings. */
    public List<InstanceSetting> of(String instanceId) {
        return jdbc.query(SETTINGS, (row, n) -> new InstanceSetting(row.getString(1), row.getString(2),
                row.getString(3), row.getString(4), row.getObject(5, OffsetDateTime.class).toInstant()),
                instanceId);
    }

    @QueryHandler
    List<InstanceSetting> handle(FindInstanceSettings query) {
        return of(query.instanceId());
    }
}
