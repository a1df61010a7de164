package io.credreg.command;

import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingRef;
import io.credreg.api.binding.SettingUnbound;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.HexFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command side as it runs: a real server on a random port over an in-memory H2 database, migrated by Flyway.
 * Every subclass uses the same configuration, so Spring starts the application once and all of them share it; each
 * test therefore works on credentials, secrets and instances of its own (see {@link #unique(String)}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class CommandSideIntegrationTest {

    /** A fixed master key: 32 bytes 0..31, base64-encoded. */
    protected static final String MASTER_KEY = Base64.getEncoder()
            .encodeToString(toBytes(IntStream.range(0, 32).toArray()));
    /** The bootstrap admin token every request sends unless it names its own {@code Authorization}. */
    protected static final String ADMIN_TOKEN = "crt_test-admin-" + UUID.randomUUID();
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final String PROBLEM_JSON = "application/problem+json";

    private static final String DATABASE = "cmd-" + UUID.randomUUID();
    /** A system property that replaces the in-memory database, for a benchmark run on its own. */
    protected static final String DATASOURCE_URL = "registry.test.datasource-url";
    private static final Path DATA_DIR = temporaryDataDir();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @DynamicPropertySource
    static void registryProperties(DynamicPropertyRegistry registry) {
        // a benchmark (CredentialLoadBenchmark) names a database of its own here: of two registrations of one
        // property, this class's would win
        registry.add("spring.datasource.url", () -> System.getProperty(DATASOURCE_URL,
                "jdbc:h2:mem:" + DATABASE + ";DB_CLOSE_DELAY=-1"));
        registry.add("registry.master-key", () -> MASTER_KEY);
        registry.add("registry.data-dir", DATA_DIR::toString);
        registry.add("registry.admin-token", () -> ADMIN_TOKEN);
        // every test talks from 127.0.0.1; the throttle has a test of its own
        registry.add("registry.security.auth-failure-limit", () -> 1_000_000);
        registry.add("registry.security.cors-allowed-origins", () -> "https://admin.example.test");
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected EventStore eventStore;

    // ---------------------------------------------------------------- HTTP

    /** A response as the admin UI would see it. */
    protected record Reply(int status, Map<String, List<String>> headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0))
                    .findFirst().orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /**
     * Sends a request as the admin, unless {@code headerPairs} name an {@code Authorization} (a null value: none).
     */
    protected Reply send(String method, String path, String contentType, String body, String... headerPairs) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        boolean authorizationGiven = false;
        for (int i = 0; i < headerPairs.length; i += 2) {
            authorizationGiven |= headerPairs[i].equalsIgnoreCase("Authorization");
            if (headerPairs[i + 1] != null) { // a null value sends no such header, e.g. no Authorization at all
                request.header(headerPairs[i], headerPairs[i + 1]);
            }
        }
        if (!authorizationGiven) {
            request.header("Authorization", "Bearer " + ADMIN_TOKEN);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected Reply post(String path, String json, String... headers) {
        return send("POST", path, "application/json", json, headers);
    }

    protected Reply put(String path, String json, String... headers) {
        return send("PUT", path, "application/json", json, headers);
    }

    protected Reply patch(String path, String json, String... headers) {
        return send("PATCH", path, "application/json", json, headers);
    }

    protected Reply delete(String path, String... headers) {
        return send("DELETE", path, null, null, headers);
    }

    /** A JSON object from alternating names and values. */
    protected static String json(Object... namesAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return JSON.writeValueAsString(object);
    }

    // ---------------------------------------------------------------- tokens

    /** Issues a token as the admin and returns it (the only time it is seen). */
    protected String issueToken(String name, String role, String instanceId) {
        Reply reply = post("/api/tokens", json("name", name, "role", role, "instanceId", instanceId));
        assertThat(reply.status()).as("issue token: %s", reply).isEqualTo(201);
        return reply.json().get("token").asString();
    }

    protected static String bearer(String token) {
        return "Bearer " + token;
    }

    // ---------------------------------------------------------------- the registry's commands

    protected Reply create(String name, String provider, String secret, String... headers) {
        return post("/api/credentials", json("name", name, "provider", provider, "secret", secret), headers);
    }

    /** Creates a credential that must be accepted and returns its id. */
    protected String createCredential(String provider, String secret) {
        Reply reply = create(unique("cred"), provider, secret);
        assertThat(reply.status()).as("create: %s", reply).isEqualTo(201);
        return reply.json().get("id").asString();
    }

    protected String createOpenAiCredential() {
        return createCredential("openai", newSecret());
    }

    protected Reply bind(SettingRef setting, String credentialId, String... headers) {
        return put(settingPath(setting), json("credentialId", credentialId), headers);
    }

    protected void bindOk(SettingRef setting, String credentialId) {
        Reply reply = bind(setting, credentialId);
        assertThat(reply.status()).as("bind %s to %s: %s", setting, credentialId, reply).isEqualTo(200);
    }

    protected Reply unbind(SettingRef setting) {
        return delete(settingPath(setting));
    }

    protected Reply deleteCredential(String credentialId, String... headers) {
        return delete("/api/credentials/" + credentialId, headers);
    }

    /** A deletion without a recovery window (decision 0200): the data key is destroyed at once, as before 0200. */
    protected Reply shredCredential(String credentialId, String... headers) {
        return delete("/api/credentials/" + credentialId + "?recoveryWindowDays=0", headers);
    }

    protected static String settingPath(SettingRef setting) {
        return "/api/instances/" + setting.instanceId() + "/settings/" + setting.settingKey();
    }

    /** The {@code unbound} list of a deletion or instance removal answer. */
    protected static List<SettingRef> unboundOf(Reply reply) {
        List<SettingRef> unbound = new ArrayList<>();
        for (JsonNode setting : reply.json().get("unbound")) {
            unbound.add(new SettingRef(setting.get("instanceId").asString(), setting.get("settingKey").asString()));
        }
        return unbound;
    }

    /**
     * Sends the requests at once, from one thread each, released together, and returns the replies in the order of
     * the requests. The timeout only guards against a hang; nothing here measures time.
     */
    @SafeVarargs
    protected static List<Reply> concurrently(Supplier<Reply>... requests) {
        ExecutorService pool = Executors.newFixedThreadPool(requests.length);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Reply>> pending = new ArrayList<>();
            for (Supplier<Reply> request : requests) {
                pending.add(pool.submit(() -> {
                    start.await();
                    return request.get();
                }));
            }
            start.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> reply : pending) {
                replies.add(reply.get(2, TimeUnit.MINUTES));
            }
            return replies;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a concurrent request failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- what the registry stored

    protected List<DomainEventMessage<?>> eventsOf(String credentialId) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        eventStore.readEvents(credentialId).asStream().forEach(events::add);
        return events;
    }

    protected static List<Object> payloads(List<DomainEventMessage<?>> events) {
        return events.stream().<Object>map(DomainEventMessage::getPayload).toList();
    }

    /** Replays a credential's stream and returns the settings still bound at its end. */
    protected static Set<SettingRef> bindingsAfter(List<DomainEventMessage<?>> events) {
        Set<SettingRef> bindings = new LinkedHashSet<>();
        for (DomainEventMessage<?> event : events) {
            if (event.getPayload() instanceof SettingBound bound) {
                bindings.add(new SettingRef(bound.instanceId(), bound.settingKey()));
            } else if (event.getPayload() instanceof SettingUnbound unbound) {
                bindings.remove(new SettingRef(unbound.instanceId(), unbound.settingKey()));
            }
        }
        return bindings;
    }

    protected Optional<String> holderOf(SettingRef setting) {
        return jdbc.queryForList("select credential_id from setting_slot where instance_id = ? and setting_key = ?",
                String.class, setting.instanceId(), setting.settingKey()).stream().findFirst();
    }

    protected long eventRowCount() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    /** Every column of every table, read as text (binary columns decoded as UTF-8), and H2's SQL dump. */
    protected void assertNowhereAtRest(String plaintext) {
        List<String> tables = jdbc.queryForList("select table_name from information_schema.tables "
                + "where table_schema = 'PUBLIC' and table_type = 'BASE TABLE'", String.class);
        assertThat(tables).contains("DOMAIN_EVENT_ENTRY", "DATA_KEY", "SECRET_FINGERPRINT", "SETTING_SLOT", "API_TOKEN");
        List<String> cells = new ArrayList<>();
        for (String table : tables) {
            jdbc.query("select * from \"" + table + "\"", (ResultSet rs) -> {
                ResultSetMetaData columns = rs.getMetaData();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    cells.add(table + "." + columns.getColumnName(i) + "=" + text(value instanceof java.sql.Blob blob
                            ? blob.getBytes(1, (int) blob.length()) : value));
                }
            });
        }
        assertThat(cells).isNotEmpty().noneMatch(cell -> cell.contains(plaintext) || cell.contains(base64(plaintext)));
        String dump = String.join("\n", jdbc.queryForList("script", String.class));
        String hex = HexFormat.of().formatHex(plaintext.getBytes(StandardCharsets.UTF_8));
        assertThat(dump).doesNotContain(plaintext).doesNotContainIgnoringCase(hex).doesNotContain(base64(plaintext));
    }

    protected static String text(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
    }

    protected static String base64(String plaintext) {
        return Base64.getEncoder().encodeToString(plaintext.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- test data

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    protected static String newSecret() {
        return "sk-proj-" + UUID.randomUUID().toString().replace("-", "") + "9f3a";
    }

    private static byte[] toBytes(int[] values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static Path temporaryDataDir() {
        try {
            Path dir = Files.createTempDirectory("command-side-it-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
