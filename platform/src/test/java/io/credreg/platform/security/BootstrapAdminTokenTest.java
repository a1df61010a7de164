package io.credreg.platform.security;

import io.credreg.api.token.ApiTokens;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class BootstrapAdminTokenTest {

    @Test
    void aConfiguredTokenIsUsedAndNothingIsWritten(@TempDir Path dir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        String hash = BootstrapAdminToken.loadHash(" my-admin-token ", dir, new PrintStream(out));

        assertThat(hash).isEqualTo(ApiTokens.hash("my-admin-token"));
        assertThat(dir.resolve(BootstrapAdminToken.FILE)).doesNotExist();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void withoutOneATokenIsGeneratedOwnerOnlyPrintedOnceAndReusedAfterwards(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();

        String hash = BootstrapAdminToken.loadHash("", dir, new PrintStream(first, true, StandardCharsets.UTF_8));
        String again = BootstrapAdminToken.loadHash(null, dir, new PrintStream(second));

        Path file = dir.resolve(BootstrapAdminToken.FILE);
        String token = Files.readString(file).strip();
        assertThat(token).startsWith(ApiTokens.PREFIX);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(hash).isEqualTo(ApiTokens.hash(token)).isEqualTo(again);
        assertThat(first.toString(StandardCharsets.UTF_8)).contains(token).contains(file.toString());
        assertThat(second.toString()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left").containsExactly(file);
        }
    }

    @Test
    void twoSidesStartingTogetherAgreeOnOneToken(@TempDir Path dir) throws Exception {
        for (int round = 0; round < 20; round++) {
            Path data = Files.createDirectory(dir.resolve("round-" + round));
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            PrintStream announce = new PrintStream(printed, true, StandardCharsets.UTF_8);
            CountDownLatch start = new CountDownLatch(1);
            Callable<String> side = () -> {
                start.await();
                return BootstrapAdminToken.loadHash(null, data, announce);
            };
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<String>> hashes = List.of(pool.submit(side), pool.submit(side));
                start.countDown();
                assertThat(hashes.get(0).get()).isEqualTo(hashes.get(1).get());
            } finally {
                pool.shutdownNow();
            }
            String token = Files.readString(data.resolve(BootstrapAdminToken.FILE)).strip();
            assertThat(printed.toString(StandardCharsets.UTF_8).split(token, -1)).as("printed once").hasSize(2);
        }
    }

    @Test
    void tokensAreRandomAndHashedAlike() {
        String token = ApiTokens.generate();
        assertThat(token).matches("crt_[A-Za-z0-9_-]{43}").isNotEqualTo(ApiTokens.generate());
        assertThat(ApiTokens.hash(token)).isEqualTo(ApiTokens.hash(token)).startsWith("sha256:").hasSize(71)
                .doesNotContain(token.substring(4));
        assertThat(ApiTokens.sameHash(ApiTokens.hash(token), ApiTokens.hash(token))).isTrue();
        assertThat(ApiTokens.sameHash(ApiTokens.hash(token), null)).isFalse();
    }
}
