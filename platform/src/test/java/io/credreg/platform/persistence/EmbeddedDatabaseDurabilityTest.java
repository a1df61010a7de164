package io.credreg.platform.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedDatabaseDurabilityTest {

    private static final int ROWS = 50;

    @TempDir
    Path temp;

    @Test
    void anEmbeddedDatabaseWritesEachCommitUnlessItsUrlChoseADelay() {
        assertThat(durable("jdbc:h2:file:/d/registry;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:file:/d/registry;AUTO_SERVER=TRUE;WRITE_DELAY=0");
        assertThat(durable("jdbc:h2:file:/d/registry")).isEqualTo("jdbc:h2:file:/d/registry;WRITE_DELAY=0");
        assertThat(durable("jdbc:h2:file:/d/registry;write_delay = 200"))
                .isEqualTo("jdbc:h2:file:/d/registry;write_delay = 200");
        assertThat(durable("jdbc:postgresql://localhost/registry")).isEqualTo("jdbc:postgresql://localhost/registry");
        assertThat(durable("jdbc:h2:mem:test")).isEqualTo("jdbc:h2:mem:test");
    }

    /**
     * A process that commits rows and dies by {@code Runtime.halt} right after (no shutdown hook, the database not
     * closed, as after a {@code kill -9}). With a URL that keeps a write delay its commits are lost; with the URL the
     * registry uses every one of them is there.
     */
    @Test
    void aCrashRightAfterTheCommitsLosesNoneOfThem() throws Exception {
        // a delay far longer than the writer lives, so H2's background store cannot save the rows by chance
        String delayed = durable("jdbc:h2:file:" + temp.resolve("delayed") + ";WRITE_DELAY=60000");
        String registry = durable("jdbc:h2:file:" + temp.resolve("registry"));

        assertThat(rowsAfterACrash(delayed)).as("a write delay loses what was committed in it").isZero();
        assertThat(rowsAfterACrash(registry)).isEqualTo(ROWS);
    }

    private static String durable(String url) {
        DataSourceProperties properties = new DataSourceProperties();
        properties.setUrl(url);
        EmbeddedDatabaseDurability.writeEachCommit(properties);
        return properties.getUrl();
    }

    private static int rowsAfterACrash(String url) throws Exception {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CommitThenCrash.class.getName(), url)
                .inheritIO().start();
        assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(writer.exitValue()).as("the writer halted as planned").isEqualTo(CommitThenCrash.HALTED);
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             ResultSet count = c.createStatement().executeQuery("select count(*) from t")) {
            count.next();
            return count.getInt(1);
        }
    }

    /** The crashing process: creates the table and stores it, commits {@link #ROWS} rows one by one, halts. */
    static final class CommitThenCrash {

        static final int HALTED = 9;

        public static void main(String[] args) throws Exception {
            try (Connection c = DriverManager.getConnection(args[0], "sa", "");
                 Statement statement = c.createStatement()) {
                statement.execute("create table t(id int)");
                // the table is stored whatever the delay, so that the count can be read after the crash
                statement.execute("checkpoint");
                for (int i = 0; i < ROWS; i++) {
                    statement.execute("insert into t values (" + i + ")");
                }
                Runtime.getRuntime().halt(HALTED);
            }
        }
    }
}
