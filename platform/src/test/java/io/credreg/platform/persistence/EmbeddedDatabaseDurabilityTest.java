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

    @Test
    void theWriteDelayAUrlSetsIsRead() {
        assertThat(H2FileDatabase.of("jdbc:h2:file:/d/r;AUTO_SERVER=TRUE;WRITE_DELAY=500").writeDelay()).hasValue(500);
        assertThat(H2FileDatabase.of("jdbc:h2:file:/d/r;AUTO_SERVER=TRUE").writeDelay()).isEmpty();
        assertThat(H2FileDatabase.of("jdbc:h2:file:/d/r;WRITE_DELAY=soon").writeDelay()).isEmpty();
    }

    /**
     * A process that commits rows and dies by {@code Runtime.halt} (no shutdown hook, the database not closed, as after
     * a {@code kill -9}) 20 ms later. With H2's default delay its commits are lost; with the URL the registry uses
     * every one of them is there.
     */
    @Test
    void aCrashRightAfterTheCommitsLosesNoneOfThem() throws Exception {
        String h2Default = "jdbc:h2:file:" + temp.resolve("default");
        String registry = durable("jdbc:h2:file:" + temp.resolve("registry"));

        assertThat(rowsAfterACrash(h2Default)).as("H2's default loses what it committed last").isLessThan(ROWS);
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

    /** The crashing process: creates the table, commits {@link #ROWS} rows one by one, halts 20 ms later. */
    static final class CommitThenCrash {

        static final int HALTED = 9;

        public static void main(String[] args) throws Exception {
            try (Connection c = DriverManager.getConnection(args[0], "sa", "");
                 Statement statement = c.createStatement()) {
                statement.execute("create table t(id int)");
                // committed at once; the table must survive even when the rows do not, so the count can be read
                Thread.sleep(1_000);
                for (int i = 0; i < ROWS; i++) {
                    statement.execute("insert into t values (" + i + ")");
                }
                Thread.sleep(20);
                Runtime.getRuntime().halt(HALTED);
            }
        }
    }
}
