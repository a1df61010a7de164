package io.credreg.query.audit;

import io.credreg.api.EventMetadata;
import io.credreg.api.binding.SettingBound;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.query.QuerySideTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A client pages through the log with small pages while two writers keep appending events of many credentials
 * (so both segments of the audit processor work, each at its own pace, and transactions commit out of order). The
 * client follows {@code next}, and re-asks with the cursor of its last page when that page had none. In the end it
 * must have seen every entry exactly once, in sequence order, and a cursor must always have answered the same
 * entries it answered before (plus new ones).
 */
@QuerySideTest
class AuditCursorConcurrencyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int WRITERS = 2;
    private static final int CREDENTIALS_PER_WRITER = 30;
    private static final int TRANSACTIONS_PER_WRITER = 150;

    @Autowired
    MockMvc mvc;
    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;

    private final String actor = "pager-" + UUID.randomUUID();

    @Test
    void pagingWhileEventsArriveMissesAndRepeatsNothing() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<Integer>> written = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int seed = w;
            written.add(writers.submit(() -> write(seed)));
        }

        List<Long> seen = new ArrayList<>();   // entries of pages that had a next cursor: final
        List<Long> tail = List.of();           // the entries of the last page, which had none (yet)
        String cursor = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        int pages = 0;
        while (true) {
            JsonNode page = page(cursor);
            pages++;
            List<Long> items = new ArrayList<>();
            page.get("items").forEach(item -> items.add(item.get("sequence").asLong()));
            if (!tail.isEmpty()) {
                assertThat(items).as("a cursor answers what it answered before, then more")
                        .startsWith(tail.toArray(Long[]::new));
            }
            if (!page.get("next").isNull()) {
                seen.addAll(items);
                tail = List.of();
                cursor = page.get("next").asString();
                continue;
            }
            tail = items;
            boolean writersDone = written.stream().allMatch(Future::isDone);
            if (writersDone && seen.size() + tail.size() == expected(written)) {
                break;
            }
            assertThat(System.nanoTime()).as("caught up in time; seen %d", seen.size() + tail.size())
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
        writers.shutdown();
        seen.addAll(tail);

        List<Long> recorded = jdbc.queryForList(
                "select global_sequence from qr_audit_entry where actor = ? order by global_sequence", Long.class,
                actor);
        assertThat(seen).as("after %d pages", pages).isEqualTo(recorded).doesNotHaveDuplicates().isSorted();
        assertThat(recorded).hasSize(expected(written));
    }

    private JsonNode page(String cursor) throws Exception {
        MockHttpServletRequestBuilder request = get("/api/audit").param("actor", actor).param("limit", "7");
        if (cursor != null) {
            request.param("cursor", cursor);
        }
        return JSON.readTree(mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
    }

    private static int expected(List<Future<Integer>> written) throws Exception {
        int total = 0;
        for (Future<Integer> events : written) {
            total += events.get();
        }
        return total;
    }

    /** Appends 1 to 3 events per transaction to credentials of its own; returns how many it appended. */
    private int write(int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> credentials = new ArrayList<>();
        Map<String, Long> sequences = new HashMap<>();
        for (int i = 0; i < CREDENTIALS_PER_WRITER; i++) {
            credentials.add(UUID.randomUUID().toString());
        }
        int events = 0;
        for (int t = 0; t < TRANSACTIONS_PER_WRITER; t++) {
            String id = credentials.get(random.nextInt(credentials.size()));
            List<DomainEventMessage<?>> batch = new ArrayList<>();
            for (int e = 1 + random.nextInt(3); e > 0; e--) {
                long sequence = sequences.merge(id, 0L, (previous, ignored) -> previous + 1);
                Object payload = sequence == 0
                        ? new CredentialCreated(id, "key " + id, "openai", new SecretEnvelope("dk", "n", "c"),
                        "fp-" + id, "sk-…0001", 1)
                        : new SettingBound(id, "pager-wa", "openai.bot." + sequence, "openai", null);
                batch.add(new GenericDomainEventMessage<>("Credential", id, sequence, payload,
                        MetaData.with(EventMetadata.ACTOR, actor).and(EventMetadata.CORRELATION_ID, "c-" + t)));
            }
            transactions.executeWithoutResult(status -> eventStore.publish(batch));
            events += batch.size();
        }
        return events;
    }
}
