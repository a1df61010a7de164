package io.credreg.command.credential;

import io.credreg.api.binding.SettingRef;
import io.credreg.command.CommandSideIntegrationTest;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10: "a refusal does not cost a full reload; a deleted credential's 410 is answered without loading its
 * stream". Both are shown by taking history away from the event store: a load that needed it would fail.
 */
class RefusalCostIntegrationTest extends CommandSideIntegrationTest {

    private static final String AWAY = "-moved-away";

    @Autowired
    @Qualifier("credentialCache")
    private Cache credentialCache;

    @Test
    void afterARefusalTheCredentialIsReloadedFromItsSnapshotNotFromTheStartOfItsStream() {
        String id = createOpenAiCredential();
        String instance = unique("refused");
        IntStream.range(0, 130).forEach(i -> bindOk(new SettingRef(instance + "-" + i, "openai.default"), id));
        Integer snapshotAt = jdbc.queryForObject(
                "select max(sequence_number) from snapshot_event_entry where aggregate_identifier = ?", Integer.class, id);
        assertThat(snapshotAt).as("snapshotted").isNotNull();
        String taken = unique("Taken");
        assertThat(create(taken, "openai", newSecret()).status()).isEqualTo(201);
        // everything up to the snapshot leaves the stream, the creation event included
        int movedAway = moveAway(id, snapshotAt);
        try {
            Reply refused = patch("/api/credentials/" + id, json("name", taken));
            assertThat(refused.status()).as("%s", refused).isEqualTo(409);

            // the refusal's rollback may drop the cached credential; the next command then loads the snapshot and
            // the events after it, which works only because it never reads the events taken away
            String renamed = unique("Renamed");
            Reply rename = patch("/api/credentials/" + id, json("name", renamed));
            assertThat(rename.status()).as("%s", rename).isEqualTo(200);
            credentialCache.removeAll();
            Reply deleted = deleteCredential(id);
            assertThat(deleted.status()).as("%s", deleted).isEqualTo(200);
            assertThat(unboundOf(deleted)).as("the snapshot held the early bindings").hasSize(130);
        } finally {
            moveBack(id, movedAway);
        }
    }

    @Test
    void commandsToADeletedCredentialAre410WithoutLoadingItsStream() {
        String id = createOpenAiCredential();
        SettingRef setting = new SettingRef(unique("gone"), "openai.default");
        bindOk(setting, id);
        assertThat(deleteCredential(id).status()).isEqualTo(200);
        credentialCache.removeAll();
        int movedAway = moveAway(id, Integer.MAX_VALUE); // the whole stream: a load would find no credential
        try {
            assertGone(patch("/api/credentials/" + id, json("name", unique("Again"))), id);
            assertGone(put("/api/credentials/" + id + "/secret", json("secret", newSecret())), id);
            assertGone(deleteCredential(id), id);
            assertGone(bind(new SettingRef(unique("other"), "openai.default"), id), id);
            assertThat(credentialCache.containsKey(id)).isFalse();
        } finally {
            moveBack(id, movedAway);
        }
        // with its stream back, the aggregate itself still refuses (the path for credentials deleted before V28)
        jdbc.update("delete from credential_secret where credential_id = ?", id);
        assertGone(patch("/api/credentials/" + id, json("name", unique("Again"))), id);
        jdbc.update("insert into credential_secret (credential_id, status, secret_version) values (?, 'DELETED', 1)",
                id);
    }

    private static void assertGone(Reply reply, String id) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(410);
        assertThat(reply.json().get("credentialId").asString()).isEqualTo(id);
    }

    /** Moves the credential's events up to {@code lastSequence}, and its snapshots, to another aggregate id. */
    private int moveAway(String id, int lastSequence) {
        int events = jdbc.update("update domain_event_entry set aggregate_identifier = ? where aggregate_identifier = ? "
                + "and sequence_number <= ?", id + AWAY, id, lastSequence);
        if (lastSequence == Integer.MAX_VALUE) {
            jdbc.update("update snapshot_event_entry set aggregate_identifier = ? where aggregate_identifier = ?",
                    id + AWAY, id);
        }
        assertThat(events).isPositive();
        return events;
    }

    private void moveBack(String id, int expected) {
        jdbc.update("update snapshot_event_entry set aggregate_identifier = ? where aggregate_identifier = ?", id,
                id + AWAY);
        assertThat(jdbc.update("update domain_event_entry set aggregate_identifier = ? where aggregate_identifier = ?",
                id, id + AWAY)).isEqualTo(expected);
    }
}
