package io.credreg.e2e.postgres;

import static io.credreg.e2e.support.Eventually.eventually;
import static io.credreg.e2e.support.Json.array;
import static io.credreg.e2e.support.Json.number;
import static io.credreg.e2e.support.Json.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.Cluster;
import io.credreg.e2e.support.Cluster.Kind;
import io.credreg.e2e.support.Cluster.Node;
import io.credreg.e2e.support.Environments;
import io.credreg.e2e.support.Ids;
import io.credreg.e2e.support.RegistryEnvironment;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12, decision 0120: global indexes follow commit order, so every committed event reaches every processor, the
 * audit cursors skip nothing and a replay of the chain reproduces its head hash. Two command nodes and one query
 * node over a fresh PostgreSQL schema; the query side remembers gaps only 50 events back
 * ({@code registry.query.max-gap-offset}), far less than the cascades below, so that no offset can be what saves
 * an event.
 */
@Order(95)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommitOrderPostgresIT {

    private static final int MAX_GAP_OFFSET = 50;
    private static final int VICTIM_BINDINGS = 60;
    /** Longer than the 10 s after which the audit watermark used to give a gap up. */
    private static final long HOLD_MILLIS = 12_000;

    private final String run = Ids.random(5);
    private Cluster cluster;
    private Api apiA;
    private Api apiB;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @BeforeAll
    void startCluster() {
        Environments.stopCurrent();
        cluster = Cluster.onFreshPostgres();
        try {
            Node commandA = cluster.launch(Kind.COMMAND, Map.of());
            cluster.awaitHealthy(commandA);
            Node commandB = cluster.launch(Kind.COMMAND, Map.of());
            Node query = cluster.launch(Kind.QUERY,
                    Map.of("REGISTRY_QUERY_MAXGAPOFFSET", Integer.toString(MAX_GAP_OFFSET)));
            cluster.awaitHealthy(commandB);
            cluster.awaitHealthy(query);
            apiA = cluster.api(commandA, query);
            apiB = cluster.api(commandB, query);
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    @AfterAll
    void stopCluster() {
        pool.shutdownNow();
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * The reproduction of issue 12 (1 and 2): a bind waits for a row of {@code setting_slot} that another transaction
     * holds, longer than the old 10 s gap rule; meanwhile a credential with more bindings than the query side's gap
     * offset is deleted and everything catches up, and an audit client takes a {@code next} cursor. Then the row is
     * released. The bind's {@code SettingBound} reaches the read model, the audit log (also through that cursor) and
     * the chain, and the chain verifies with nothing unchained.
     */
    @Test
    @Order(1)
    @DisplayName("a bind that waits on a row while a large cascade commits is delivered everywhere")
    void aWaitingBindIsNotSkipped() throws Exception {
        String victim = create(apiA, "victim");
        List<Future<?>> binds = new ArrayList<>();
        for (int i = 0; i < VICTIM_BINDINGS; i++) {
            String instance = "ord-victim-" + run + "-" + i;
            binds.add(pool.submit(() -> bind(apiA, instance, "openai.default", victim).expect(200)));
        }
        for (Future<?> bind : binds) {
            bind.get(60, TimeUnit.SECONDS);
        }
        String first = create(apiA, "first holder");
        String second = create(apiA, "second holder");
        String instance = "ord-held-" + run;
        bind(apiA, instance, "openai.default", first).expect(200);

        Future<Api.Response> waitingBind;
        String cursor;
        try (Connection holder = cluster.jdbc()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("select credential_id from setting_slot"
                    + " where instance_id = ? and setting_key = 'openai.default' for update")) {
                lock.setString(1, instance);
                try (ResultSet row = lock.executeQuery()) {
                    assertThat(row.next()).as("the slot is held by the first credential").isTrue();
                }
            }
            long heldAt = System.nanoTime();
            waitingBind = CompletableFuture.supplyAsync(() -> bind(apiB, instance, "openai.default", second));
            eventually("the bind waits for the held row", () -> assertThat(waitingOnLocks()).isPositive());

            apiA.command("DELETE", "/api/credentials/" + victim).send().expect(200);
            eventually("the query side shows the deletion", () -> assertThat(text(
                    apiA.query("GET", "/api/credentials/" + victim).send().expect(200).json(), "status"))
                    .isEqualTo("deleted"));
            eventually("the audit log shows every cascaded unbind", () -> assertThat(
                    auditItems("/api/audit?credentialId=" + victim + "&type=SettingUnbound&limit=500"))
                    .hasSize(VICTIM_BINDINGS));
            RegistryEnvironment.sleepMillis(Math.max(0, HOLD_MILLIS - (System.nanoTime() - heldAt) / 1_000_000));
            cursor = lastCursor();
            assertThat(waitingBind).as("the bind still waits").isNotDone();
            holder.rollback();
        }

        waitingBind.get(60, TimeUnit.SECONDS).expect(200);
        eventually("the read model shows the bind", () -> assertThat(
                apiA.query("GET", "/api/instances/" + instance + "/settings").send().expect(200).body())
                .contains(second));
        eventually("the audit log shows the SettingBound", () -> assertThat(
                auditItems("/api/audit?instanceId=" + instance + "&type=SettingBound&limit=50"))
                .extracting(entry -> text(entry, "credentialId")).contains(second));
        assertThat(itemsFrom(cursor)).as("the entries after a cursor taken while the bind waited")
                .anySatisfy(entry -> {
                    assertThat(text(entry, "type")).isEqualTo("SettingBound");
                    assertThat(text(entry, "instanceId")).isEqualTo(instance);
                    assertThat(text(entry, "credentialId")).isEqualTo(second);
                });
        awaitChainComplete();
        JsonNode verification = apiA.get("/api/audit/verify").expect(200).json();
        assertThat(verification.path("valid").asBoolean()).as("%s", verification).isTrue();
        assertThat(number(verification, "unchainedEvents")).as("%s", verification).isZero();
        assertChainInGlobalOrder();
    }

    /**
     * Issue 12 (3): conflicting binds on two command nodes, then a replay of {@code audit-chain} rebuilds the same
     * chain: the same head hash.
     */
    @Test
    @Order(2)
    @DisplayName("after conflicting binds on two nodes, a replay of the chain reproduces its head hash")
    void aReplayReproducesTheHeadHash() throws Exception {
        List<String> credentials = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            credentials.add(create(i % 2 == 0 ? apiA : apiB, "rival " + i));
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            Api api = w % 2 == 0 ? apiA : apiB;
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < until) {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    String instance = "ord-rival-" + run + "-" + random.nextInt(4);
                    int status = bind(api, instance, "openai.default",
                            credentials.get(random.nextInt(credentials.size()))).status();
                    assertThat(status).as("a conflicting bind answers").isIn(200, 409);
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(120, TimeUnit.SECONDS);
        }
        JsonNode before = awaitChainComplete();
        assertThat(before.path("valid").asBoolean()).as("%s", before).isTrue();
        assertChainInGlobalOrder();

        apiA.query("POST", "/api/admin/processors/audit-chain/replay").send().expect(202);
        JsonNode after = eventually("the replayed chain is complete again", () -> {
            JsonNode processor = apiA.get("/api/admin/processors/audit-chain").expect(200).json();
            assertThat(processor.path("replaying").asBoolean()).as("%s", processor).isFalse();
            JsonNode v = apiA.get("/api/audit/verify").expect(200).json();
            assertThat(number(v, "count")).as("%s", v).isEqualTo(number(before, "count"));
            return v;
        });
        assertThat(text(after, "headHash")).isEqualTo(text(before, "headHash"));
        assertThat(after.path("valid").asBoolean()).isTrue();
    }

    // --------------------------------------------------------------------------------------------------------

    private String create(Api api, String label) {
        return api.command("POST", "/api/credentials").json("name", Ids.name("Order " + label), "provider", "openai",
                "secret", Ids.secret()).send().expect(201).text("id");
    }

    private Api.Response bind(Api api, String instance, String key, String credential) {
        return api.command("PUT", "/api/instances/" + instance + "/settings/" + key)
                .json("credentialId", credential).send();
    }

    private List<JsonNode> auditItems(String path) {
        return array(apiA.get(path).expect(200).json(), "items");
    }

    /** The cursor a client paging the whole log 25 at a time holds when it reaches the newest entries. */
    private String lastCursor() {
        String cursor = null;
        String previous = null;
        do {
            JsonNode page = apiA.get("/api/audit?limit=25" + (cursor == null ? "" : "&cursor=" + cursor))
                    .expect(200).json();
            previous = cursor;
            cursor = text(page, "next");
        } while (cursor != null);
        assertThat(previous).as("the log has more than one page").isNotNull();
        return previous;
    }

    private List<JsonNode> itemsFrom(String cursor) {
        List<JsonNode> all = new ArrayList<>();
        String next = cursor;
        while (next != null) {
            JsonNode page = apiA.get("/api/audit?limit=25&cursor=" + next).expect(200).json();
            all.addAll(array(page, "items"));
            next = text(page, "next");
        }
        return all;
    }

    private JsonNode awaitChainComplete() {
        return eventually("the chain holds every stored event", () -> {
            JsonNode v = apiA.get("/api/audit/verify").expect(200).json();
            assertThat(number(v, "unchainedEvents")).as("%s", v).isZero();
            assertThat(number(v, "count")).as("%s", v).isEqualTo(storedEvents());
            return v;
        });
    }

    private long storedEvents() {
        return queryLong("select count(*) from domain_event_entry");
    }

    private long waitingOnLocks() {
        // pg_locks, not pg_stat_activity: the nodes may connect as another role, whose wait events are hidden
        return queryLong("select count(*) from pg_locks where not granted and (database is null"
                + " or database = (select oid from pg_database where datname = current_database()))");
    }

    /** The chain's order is the global order: no entry names a lower index than the entry before it. */
    private void assertChainInGlobalOrder() {
        assertThat(queryLong("select count(*) from audit_chain_entry a join audit_chain_entry b"
                + " on b.chain_position = a.chain_position + 1 where b.global_index < a.global_index"))
                .as("chain entries out of global order").isZero();
    }

    private long queryLong(String sql) {
        try (Connection c = cluster.jdbc(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
