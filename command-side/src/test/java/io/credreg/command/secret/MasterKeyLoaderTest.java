package io.credreg.command.secret;

import io.credreg.api.credential.SealedSecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterKeyLoaderTest {

    @TempDir
    Path dataDir;

    @Test
    void withoutAConfiguredKeyItGeneratesAnOwnerOnlyKeyFileAndReusesIt() throws Exception {
        Path nested = dataDir.resolve("registry/data");

        MasterKey generated = MasterKeyLoader.load("", nested);
        Path keyFile = nested.resolve("master.key");

        assertThat(keyFile).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).strip()))
                .hasSize(32);

        MasterKey reloaded = MasterKeyLoader.load(null, nested);
        assertThat(reloaded.id()).isEqualTo(generated.id());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        // what one load sealed, the next load opens
        SealedSecret sealed = new SecretSealer(generated).seal("sk-survives-a-restart", "c-1", 1);
        assertThat(new SecretSealer(reloaded).open(sealed.envelope(), sealed.wrappedDataKey(), "c-1", 1))
                .isEqualTo("sk-survives-a-restart");
    }

    @Test
    void eachDataDirectoryGetsItsOwnKey() {
        MasterKey one = MasterKeyLoader.load(" ", dataDir.resolve("one"));
        MasterKey two = MasterKeyLoader.load(" ", dataDir.resolve("two"));

        assertThat(one.id()).isNotEqualTo(two.id());
    }

    @Test
    void aConfiguredKeyIsUsedAndNoFileIsWritten() {
        String configured = Base64.getEncoder().encodeToString(new byte[32]);

        MasterKey key = MasterKeyLoader.load(configured + "\n", dataDir);

        assertThat(key.id()).isEqualTo(new MasterKey(new byte[32]).id());
        assertThat(dataDir.resolve("master.key")).doesNotExist();
    }

    @Test
    void aConfiguredKeyOfTheWrongLengthFailsClearly() {
        String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> MasterKeyLoader.load(sixteenBytes, dataDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes")
                .hasMessageContaining("16");
        assertThat(dataDir.resolve("master.key")).doesNotExist();
    }

    @Test
    void aConfiguredKeyThatIsNotBase64FailsClearlyWithoutEchoingIt() {
        assertThatThrownBy(() -> MasterKeyLoader.load("not*base64*secret-material", dataDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("REGISTRY_MASTER_KEY")
                .hasMessageContaining("base64")
                .hasMessageNotContaining("secret-material");
    }

    @Test
    void aCorruptKeyFileFailsInsteadOfBeingReplaced() throws Exception {
        Path keyFile = dataDir.resolve("master.key");
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(new byte[31]));

        assertThatThrownBy(() -> MasterKeyLoader.load(null, dataDir)).hasMessageContaining("32 bytes");
        assertThat(Files.readString(keyFile)).isEqualTo(Base64.getEncoder().encodeToString(new byte[31]));
    }

    @Test
    void theKeyNeverShowsInItsDescription() {
        byte[] material = new byte[32];
        material[0] = 42;
        MasterKey key = new MasterKey(material);

        assertThat(key.id()).matches("[0-9a-f]{16}");
        assertThat(key.toString()).isEqualTo("MasterKey[" + key.id() + "]")
                .doesNotContain(Base64.getEncoder().encodeToString(material));
    }
}
