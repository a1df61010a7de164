package io.credreg.platform.persistence;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class H2FileDatabaseTest {

    @Test
    void onlyAnEmbeddedFileDatabaseIsOne() {
        assertThat(H2FileDatabase.of("jdbc:h2:file:/d/registry;AUTO_SERVER=TRUE").base())
                .isEqualTo(Path.of("/d/registry"));
        assertThat(H2FileDatabase.of("JDBC:H2:FILE:/d/registry").dataFile()).isEqualTo(Path.of("/d/registry.mv.db"));
        assertThat(H2FileDatabase.of("jdbc:h2:mem:test")).isNull();
        assertThat(H2FileDatabase.of("jdbc:postgresql://localhost/registry")).isNull();
        assertThat(H2FileDatabase.of(null)).isNull();
    }

    @Test
    void theAutoServerIsOnOnlyWhenTheUrlTurnsItOn() {
        assertThat(H2FileDatabase.of("jdbc:h2:file:/d/r;AUTO_SERVER=TRUE").autoServer()).isTrue();
        assertThat(H2FileDatabase.of("jdbc:h2:file:/d/r;write_delay=0; auto_server = true").autoServer()).isTrue();
        assertThat(H2FileDatabase.of("jdbc:h2:file:/d/r;AUTO_SERVER=FALSE").autoServer()).isFalse();
        assertThat(H2FileDatabase.of("jdbc:h2:file:/d/r;AUTO_SERVER_PORT=9090").autoServer()).isFalse();
        assertThat(H2FileDatabase.of("jdbc:h2:file:/d/r").autoServer()).isFalse();
    }

    @Test
    void theWriteDelayAUrlSetsIsRead() {
        assertThat(H2FileDatabase.of("jdbc:h2:file:/d/r;AUTO_SERVER=TRUE;WRITE_DELAY=500").writeDelay()).hasValue(500);
        assertThat(H2FileDatabase.of("jdbc:h2:file:/d/r;write_delay = 200").writeDelay()).hasValue(200);
        assertThat(H2FileDatabase.of("jdbc:h2:file:/d/r;AUTO_SERVER=TRUE").writeDelay()).isEmpty();
        assertThat(H2FileDatabase.of("jdbc:h2:file:/d/r;WRITE_DELAY=soon").writeDelay()).isEmpty();
    }

    @Test
    void aUrlThatNamesAnyWriteDelayKeepsIt() {
        assertThat(H2FileDatabase.of("jdbc:h2:file:/d/r").writingEachCommit().url())
                .isEqualTo("jdbc:h2:file:/d/r;WRITE_DELAY=0");
        assertThat(H2FileDatabase.of("jdbc:h2:file:/d/r;WRITE_DELAY=soon").writingEachCommit().url())
                .isEqualTo("jdbc:h2:file:/d/r;WRITE_DELAY=soon");
    }
}
