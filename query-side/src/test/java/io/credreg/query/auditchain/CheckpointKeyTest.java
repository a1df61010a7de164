package io.credreg.query.auditchain;

import io.credreg.api.auditchain.AuditCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointKeyTest {

    private static final String TEXT = AuditCheckpoint.signedText(42, 1_042, "ab".repeat(32), "2026-12-06T23:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void aSignatureVerifiesWithThePublishedKeyAndNothingElse() {
        CheckpointKey key = CheckpointKey.of("", dataDir);
        String signature = key.sign(TEXT);

        assertThat(CheckpointKey.verifies(key.publicKey(), TEXT, signature)).isTrue();
        assertThat(CheckpointKey.verifies(key.publicKey(), TEXT.replace("42", "43"), signature)).isFalse();
        CheckpointKey other = CheckpointKey.of(Base64.getEncoder().encodeToString(new byte[32]), dataDir);
        assertThat(CheckpointKey.verifies(other.publicKey(), TEXT, signature)).isFalse();
        assertThat(CheckpointKey.verifies("not a key", TEXT, signature)).isFalse();
        assertThat(CheckpointKey.verifies(key.publicKey(), TEXT, "bm90IGEgc2lnbmF0dXJl")).isFalse();
    }

    @Test
    void aGeneratedKeyIsKeptOwnerOnlyAndReusedAtTheNextStart() throws Exception {
        CheckpointKey first = CheckpointKey.of("", dataDir);
        Path file = dataDir.resolve(CheckpointKey.FILE);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(CheckpointKey.of(null, dataDir).publicKey()).isEqualTo(first.publicKey());
        assertThat(Files.readString(file)).doesNotContain(first.publicKey());
    }

    @Test
    void aConfiguredSeedGivesEveryNodeTheSameKey() {
        String seed = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
        CheckpointKey a = CheckpointKey.of(seed, dataDir.resolve("a"));
        CheckpointKey b = CheckpointKey.of(seed, dataDir.resolve("b"));

        assertThat(a.publicKey()).isEqualTo(b.publicKey());
        assertThat(CheckpointKey.verifies(b.publicKey(), TEXT, a.sign(TEXT))).isTrue();
        assertThat(Files.exists(dataDir.resolve("a").resolve(CheckpointKey.FILE))).isFalse();
    }

    @Test
    void aSeedThatIsNot32BytesIsRefused() {
        assertThatThrownBy(() -> CheckpointKey.of("c2hvcnQ=", dataDir)).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> CheckpointKey.of("%%%", dataDir)).hasMessageContaining("not base64");
    }
}
