package io.credreg.command.credential;

import io.credreg.api.credential.CredentialRenamed;
import io.credreg.command.CommandSideIntegrationTest;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code CredentialRenamed} stored before revision 2, byte for byte as the command side wrote it then, is read
 * in its current shape: the event store yields {@code newName}, and the aggregate rebuilt from the stream knows
 * the name it carried.
 */
class StoredEventEvolutionIntegrationTest extends CommandSideIntegrationTest {

    @Autowired
    private Cache credentialCache;

    @Test
    void aRenameStoredInTheFirstShapeRebuildsTheAggregate() {
        String created = unique("Created");
        String renamedBefore = unique("Renamed before revision 2");
        String renamedNow = unique("Renamed now");
        Reply reply = create(created, "openai", newSecret());
        assertThat(reply.status()).as("create: %s", reply).isEqualTo(201);
        String id = reply.json().get("id").asString();

        appendFirstShapeRename(id, created, renamedBefore);
        // The stream changed behind the command side's back: load the aggregate from the event store again.
        credentialCache.remove(id);

        assertThat(payloads(eventsOf(id))).last()
                .isEqualTo(new CredentialRenamed(id, "openai", created, renamedBefore));

        Reply rename = patch("/api/credentials/" + id, json("name", renamedNow));
        assertThat(rename.status()).as("rename: %s", rename).isEqualTo(200);
        assertThat(payloads(eventsOf(id))).last().as("the aggregate knew the upcast name")
                .isEqualTo(new CredentialRenamed(id, "openai", renamedBefore, renamedNow));

        Map<String, Object> stored = jdbc.queryForMap("select payload_revision, payload from domain_event_entry"
                + " where aggregate_identifier = ? and sequence_number = 2", id);
        assertThat(stored.get("PAYLOAD_REVISION")).as("new events carry the revision").isEqualTo("2");
        assertThat(new String((byte[]) stored.get("PAYLOAD"), StandardCharsets.UTF_8))
                .isEqualTo("{\"credentialId\":\"" + id + "\",\"provider\":\"openai\",\"previousName\":\""
                        + renamedBefore + "\",\"newName\":\"" + renamedNow + "\"}");
    }

    /** Writes the row as revision-less {@code CredentialRenamed} events were stored, metadata copied from the creation. */
    private void appendFirstShapeRename(String id, String previousName, String name) {
        byte[] metaData = jdbc.queryForObject("select meta_data from domain_event_entry"
                + " where aggregate_identifier = ? and sequence_number = 0", byte[].class, id);
        String payload = "{\"credentialId\":\"" + id + "\",\"provider\":\"openai\",\"previousName\":\""
                + previousName + "\",\"name\":\"" + name + "\"}";
        jdbc.update("insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type,"
                        + " event_identifier, payload_type, payload_revision, payload, meta_data, time_stamp)"
                        + " values (next value for domain_event_entry_seq, ?, 1, 'Credential', ?,"
                        + " 'io.credreg.api.credential.CredentialRenamed', null, ?, ?, ?)",
                id, UUID.randomUUID().toString(), payload.getBytes(StandardCharsets.UTF_8), metaData,
                Instant.now().toString());
    }
}
