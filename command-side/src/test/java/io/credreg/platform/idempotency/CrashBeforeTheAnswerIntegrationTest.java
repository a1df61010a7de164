package io.credreg.platform.idempotency;

import io.credreg.api.binding.SettingRef;
import io.credreg.command.CommandSideApplication;
import io.credreg.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;

/**
 * What a crash between "the command's units of work completed" and "the answer is recorded" leaves (decision 0140):
 * the recording fails as a process dying there would, before the commit. Nothing is left: no event, no key, no
 * cached aggregate state, so the client's retry with the same key runs the command once, completely.
 * (In the command-side tests' package tree for the store's package-private types; it runs in the command side.)
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CrashBeforeTheAnswerIntegrationTest extends CommandSideIntegrationTest {

    @MockitoSpyBean
    IdempotencyStore store;

    @BeforeEach
    void recordNormally() {
        Mockito.reset(store);
    }

    private void failTheNextRecording() {
        doThrow(new IllegalStateException("the process dies before the answer is recorded"))
                .doCallRealMethod()
                .when(store).record(anyString(), anyString(), anyInt(), any());
    }

    @Test
    void aTokenIssueThatDiesBeforeItsAnswerLeavesNothingAndItsRetryIssuesOne() {
        String key = "crash-" + UUID.randomUUID();
        String name = unique("crash");
        String body = json("name", name, "role", "AUDITOR");
        long events = eventRowCount();
        failTheNextRecording();

        Reply crashed = post("/api/tokens", body, "Idempotency-Key", key);

        assertThat(crashed.status()).isEqualTo(500);
        assertThat(eventRowCount()).as("no event").isEqualTo(events);
        assertThat(jdbc.queryForObject("select count(*) from api_token where name = ?", Long.class, name)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from idempotency_key where key_hash = ?", Long.class,
                AnswerSeal.keyHash(key))).as("no key").isZero();

        Reply retried = post("/api/tokens", body, "Idempotency-Key", key);
        Reply again = post("/api/tokens", body, "Idempotency-Key", key);

        assertThat(retried.status()).as("%s", retried).isEqualTo(201);
        assertThat(again.body()).isEqualTo(retried.body());
        assertThat(eventRowCount()).isEqualTo(events + 1);
    }

    @Test
    void aDeletionThatDiesBeforeItsAnswerLeavesTheCredentialAsItWasOnThisNodeToo() {
        String credential = createOpenAiCredential();
        SettingRef a = new SettingRef(unique("crash"), "openai.default");
        SettingRef b = new SettingRef(unique("crash"), "openai.default");
        bindOk(a, credential);
        bindOk(b, credential);
        int before = eventsOf(credential).size();
        String key = "crash-" + UUID.randomUUID();
        failTheNextRecording();

        Reply crashed = deleteCredential(credential, "Idempotency-Key", key);

        assertThat(crashed.status()).isEqualTo(500);
        assertThat(eventsOf(credential)).hasSize(before);
        assertThat(holderOf(a)).contains(credential);
        // the node's aggregate cache must not remember the deletion the database never got
        SettingRef c = new SettingRef(unique("crash"), "openai.default");
        bindOk(c, credential);

        Reply retried = deleteCredential(credential, "Idempotency-Key", key);

        assertThat(retried.status()).as("%s", retried).isEqualTo(200);
        assertThat(unboundOf(retried)).containsExactlyInAnyOrderElementsOf(List.of(a, b, c));
        assertThat(deleteCredential(credential, "Idempotency-Key", key).body()).isEqualTo(retried.body());
    }
}
