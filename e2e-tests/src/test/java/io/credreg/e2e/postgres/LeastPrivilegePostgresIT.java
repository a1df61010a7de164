package io.credreg.e2e.postgres;

import io.credreg.e2e.support.Database;
import io.credreg.e2e.support.E2ETestBase;
import io.credreg.e2e.support.Ids;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Least privilege on PostgreSQL (decision 0150): the registry migrates as the schema's owner and runs as a role that
 * may read and append events but never change or remove one, nor touch the schema. CI runs every PostgreSQL scenario
 * this way; this class proves the role really is that narrow, and that the running sides use it.
 */
@Order(30)
class LeastPrivilegePostgresIT extends E2ETestBase {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private Database.PgSettings pg;

    @Override
    protected Database database() {
        return Database.POSTGRES;
    }

    @BeforeEach
    void needsAnApplicationRole() {
        pg = env.postgres();
        if ("true".equalsIgnoreCase(System.getenv("REGISTRY_E2E_REQUIRE_PG"))) {
            assertThat(pg.leastPrivilege()).as("CI runs PostgreSQL with an application role "
                    + "(REGISTRY_E2E_PG_APP_USER, set by .ci/postgres.sh's postgres_ensure_app_role)").isTrue();
        }
        Assumptions.assumeTrue(pg.leastPrivilege(), "REGISTRY_E2E_PG_APP_USER is not set");
    }

    @Test
    void bothSidesConnectAsTheApplicationRole() throws SQLException {
        // events exist, so both sides have written and read through their pools
        createCredential(OPENAI);
        List<String> roles = new ArrayList<>();
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select usename from pg_stat_activity where datname = current_database()"
                     + " and pid <> pg_backend_pid()")) {
            while (rs.next()) {
                roles.add(rs.getString(1));
            }
        }
        assertThat(roles).as("sessions of the registry's connection pools").isNotEmpty()
                .containsOnly(pg.appUser());
    }

    @Test
    void theApplicationRoleReadsAndAppendsEventsButCannotChangeOrRemoveOne() throws SQLException {
        createCredential(OPENAI);
        try (Connection app = pg.connectAsApplication(); Statement s = app.createStatement()) {
            assertThat(single(s, "select current_user")).isEqualTo(pg.appUser());
            assertThat(single(s, "select count(*) from domain_event_entry")).isNotEqualTo("0");
            assertThat(single(s, "select has_table_privilege('domain_event_entry', 'INSERT')")).isEqualTo("t");
            long index = Long.parseLong(single(s, "select max(global_index) from domain_event_entry"));

            refused(s, "update domain_event_entry set payload = payload where global_index = " + index);
            refused(s, "delete from domain_event_entry where global_index = " + index);
            refused(s, "truncate domain_event_entry");
            refused(s, "delete from flyway_schema_history");
            refused(s, "create table intruder (id int)");
            refused(s, "drop table domain_event_entry");
            refused(s, "alter table domain_event_entry add column forged text");
        }
        try (Connection owner = pg.connect(); Statement s = owner.createStatement()) {
            assertThat(single(s, "select count(*) from information_schema.tables where table_name = 'intruder'"))
                    .isEqualTo("0");
        }
    }

    @Test
    void everyRegistryTableButTheEventsIsWritableSoTheRegistryWorks() throws SQLException {
        try (Connection app = pg.connectAsApplication(); Statement s = app.createStatement();
             ResultSet rs = s.executeQuery("select tablename from pg_tables where schemaname = current_schema()"
                     + " and tablename not in ('domain_event_entry', 'flyway_schema_history')"
                     + " and not (has_table_privilege(format('%I.%I', schemaname, tablename), 'INSERT')"
                     + " and has_table_privilege(format('%I.%I', schemaname, tablename), 'UPDATE')"
                     + " and has_table_privilege(format('%I.%I', schemaname, tablename), 'DELETE'))")) {
            List<String> readOnly = new ArrayList<>();
            while (rs.next()) {
                readOnly.add(rs.getString(1));
            }
            assertThat(readOnly).as("tables the application role cannot write").isEmpty();
        }
        // and the commands that write them, end to end: create, bind, delete with its cascade
        String id = createCredential(OPENAI);
        bind(Ids.instance("lp"), "openai.default", id);
        api.command("DELETE", "/api/credentials/" + id).as("alice").send().expect(200);
    }

    private static void refused(Statement s, String sql) {
        assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(sql + ": " + e.getMessage())
                        .isEqualTo(INSUFFICIENT_PRIVILEGE));
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
