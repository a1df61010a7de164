package io.credreg.command.importing;

import io.credreg.command.importing.SourceSnapshot.BotRow;
import io.credreg.command.importing.SourceSnapshot.CredsRow;
import io.credreg.command.importing.SourceSnapshot.InstanceRow;
import io.credreg.command.importing.SourceSnapshot.SettingRow;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Evolution's OpenAI tables over plain JDBC, read-only and in one repeatable-read transaction, so the four
 * tables are seen at one moment even while the platform runs. Only the columns the import needs are selected; the
 * names are quoted because Evolution's (Prisma's) tables have mixed-case names.
 */
final class EvolutionSource {

    private EvolutionSource() {
    }

    /** Thrown when the source cannot be read: unreachable, refused, or not an Evolution database. */
    static final class SourceException extends Exception {
        SourceException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static SourceSnapshot read(String url, String user, String password) throws SourceException {
        DriverManager.setLoginTimeout(15);
        Connection connection;
        try {
            connection = DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            throw new SourceException("cannot connect to the source " + EvolutionImportCommand.withoutParameters(url)
                    + ": " + e.getMessage(), e);
        }
        try (connection) {
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            List<InstanceRow> instances = new ArrayList<>();
            List<CredsRow> creds = new ArrayList<>();
            List<SettingRow> settings = new ArrayList<>();
            List<BotRow> bots = new ArrayList<>();
            query(connection, "Instance", "select \"id\", \"name\" from \"Instance\"",
                    rs -> instances.add(new InstanceRow(rs.getString(1), rs.getString(2))));
            query(connection, "OpenaiCreds",
                    "select \"id\", \"name\", \"apiKey\", \"instanceId\" from \"OpenaiCreds\"",
                    rs -> creds.add(new CredsRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))));
            query(connection, "OpenaiSetting", "select \"id\", \"instanceId\", \"openaiCredsId\" from \"OpenaiSetting\"",
                    rs -> settings.add(new SettingRow(rs.getString(1), rs.getString(2), rs.getString(3))));
            query(connection, "OpenaiBot",
                    "select \"id\", \"instanceId\", \"openaiCredsId\", \"enabled\" from \"OpenaiBot\"",
                    rs -> bots.add(new BotRow(rs.getString(1), rs.getString(2), rs.getString(3), enabled(rs))));
            connection.rollback();
            return new SourceSnapshot(instances, creds, settings, bots);
        } catch (SQLException e) {
            throw new SourceException("cannot read the source: " + e.getMessage(), e);
        }
    }

    private static Boolean enabled(ResultSet rs) throws SQLException {
        boolean value = rs.getBoolean(4);
        return rs.wasNull() ? null : value;
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(Connection connection, String table, String sql, RowReader reader)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(1000);
            try (ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            // e.g. 42P01 (no such table): name the table, which PostgreSQL's message does not always make obvious
            throw new SQLException("reading table \"" + table + "\" failed: " + e.getMessage(), e.getSQLState(), e);
        }
    }
}
