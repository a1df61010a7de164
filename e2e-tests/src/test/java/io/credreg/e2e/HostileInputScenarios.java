package io.credreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.credreg.e2e.HostileRequests.Hostile;
import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.E2ETestBase;
import io.credreg.e2e.support.Ids;
import io.credreg.e2e.support.RawHttp;

/**
 * Thousands of generated malformed and hostile requests against both sides ({@link HostileRequests}, seeded and
 * therefore repeatable: the seed is printed, and {@code -Dregistry.e2e.fuzz-seed=N} replays a run). None may get a
 * 5xx, every refusal must be a problem without internals, and the event store must hold exactly what it held before.
 */
public abstract class HostileInputScenarios extends E2ETestBase {

    private static final int REQUESTS = Integer.getInteger("registry.e2e.fuzz-requests", 5_000);
    private static final long SEED = Long.getLong("registry.e2e.fuzz-seed", 20_261_126L);
    private static final int THREADS = 4;
    /** What an answer must never show: stack frames, exception or framework class names. */
    private static final Pattern INTERNALS = Pattern.compile(
            "Exception|\\tat |\\bat [a-z]+\\.[a-z]+\\.|tools\\.jackson|com\\.fasterxml|org\\.springframework|"
                    + "org\\.apache|org\\.axonframework|org\\.hibernate|org\\.h2|org\\.postgresql|java\\.lang|"
                    + "io\\.credreg|SQL state|Caused by");

    private static final int UNICODE_REQUESTS = Integer.getInteger("registry.e2e.unicode-fuzz-requests", 5_000);
    private static final long UNICODE_SEED = Long.getLong("registry.e2e.unicode-fuzz-seed", 20_261_203L);
    /** The name the look-alikes imitate: letters that Cyrillic, digits and spaces can all counterfeit. */
    private static final String UNICODE_TARGET_NAME = "Acme Open Key";

    private String credential;

    @Override
    protected void onRegistryStarted() {
        credential = createCredential(OPENAI);
    }

    @Test
    @DisplayName("5,000 hostile requests: no 5xx, only clean problems, and not one event more or less")
    void hostileRequestsChangeNothing() throws Exception {
        List<Hostile> requests = new HostileRequests(SEED, credential).generate(REQUESTS);
        System.out.printf("[fuzz] %s: %d requests, seed %d (replay with -Dregistry.e2e.fuzz-seed=%d)%n",
                env.database().label(), requests.size(), SEED, SEED);
        sendAllAndCheck("fuzz", requests);
    }

    /**
     * The second run, through Unicode and encodings ({@link UnicodeRequests}): names that lie or only look like the
     * existing one, ids, headers, query parameters and bodies in every script and in broken encodings.
     */
    @Test
    @DisplayName("5,000 Unicode and encoding requests: no 5xx, only clean problems, and not one event more or less")
    void unicodeRequestsChangeNothing() throws Exception {
        String target = createCredential(OPENAI, UNICODE_TARGET_NAME, Ids.secret());
        List<Hostile> requests = new UnicodeRequests(UNICODE_SEED, target, UNICODE_TARGET_NAME, api.adminToken())
                .generate(UNICODE_REQUESTS);
        System.out.printf("[unicode-fuzz] %s: %d requests, seed %d (replay with -Dregistry.e2e.unicode-fuzz-seed=%d)%n",
                env.database().label(), requests.size(), UNICODE_SEED, UNICODE_SEED);
        sendAllAndCheck("unicode-fuzz", requests);
    }

    private void sendAllAndCheck(String run, List<Hostile> requests) throws Exception {
        long eventsBefore = env.eventCount();
        long headBefore = eventHead();

        Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> byKind = new ConcurrentHashMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < requests.size(); ) {
                        Hostile hostile = requests.get(i);
                        Answer answer = send(hostile);
                        byStatus.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
                        byKind.computeIfAbsent(hostile.kind() + " " + answer.status(), s -> new AtomicInteger())
                                .incrementAndGet();
                        String problem = check(hostile, answer);
                        if (problem != null && failures.size() < 25) {
                            failures.add("#" + i + " " + problem + "\n    request: " + hostile.describe()
                                    + "\n    answer: " + answer.status() + " " + answer.contentType() + " "
                                    + abbreviate(answer.body()));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }

        // -1: the connection was closed under an oversized request head before its 400 could be read (see check)
        System.out.printf("[%s] %s: answers by status %s%n", run, env.database().label(), new TreeMap<>(byStatus));
        System.out.printf("[%s] %s: answers by kind and status %s%n", run, env.database().label(),
                new TreeMap<>(byKind));
        int total = byStatus.values().stream().mapToInt(AtomicInteger::get).sum();
        assertThat(total).isEqualTo(requests.size()).isGreaterThanOrEqualTo(5_000);
        assertThat(failures).as("hostile requests answered wrongly (first 25)").isEmpty();
        assertThat(byStatus.keySet()).as("statuses")
                .allMatch(status -> status == -1 || status >= 200 && status < 500);

        assertThat(env.eventCount()).as("events after %d hostile requests", requests.size()).isEqualTo(eventsBefore);
        assertThat(eventHead()).as("highest global index (nothing appended and removed)").isEqualTo(headBefore);
        // the registry still works after all that
        createCredential(OPENAI);
        assertThat(env.eventCount()).isEqualTo(eventsBefore + 1);
        assertLogsHoldNoMarker();
    }

    /** A secret-looking value the fuzz sent (in bodies and bearer tokens) must never be written to a log. */
    private void assertLogsHoldNoMarker() throws IOException {
        for (var log : List.of(env.commandLog(), env.queryLog())) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(text).as("log %s", log.getFileName()).doesNotContain(HostileRequests.MARKER_PREFIX + "-");
        }
    }

    private record Answer(int status, String contentType, String body) {
    }

    private Answer send(Hostile hostile) {
        var base = hostile.querySide() ? api.queryBase() : api.commandBase();
        if (hostile.raw() != null) {
            RawHttp.Answer raw = RawHttp.send(base, hostile.raw());
            return new Answer(raw.status(), raw.contentType(), raw.body());
        }
        Api.Call call = hostile.querySide() ? api.query(hostile.method(), hostile.path())
                : api.command(hostile.method(), hostile.path());
        hostile.headers().forEach(call::header);
        if (hostile.body() != null) {
            call.bytes(hostile.body(), hostile.contentType());
        }
        try {
            Api.Response r = call.send();
            return new Answer(r.status(), r.contentType(), r.body());
        } catch (IllegalArgumentException notAUri) {
            // a path no URI may hold (a lone '%', '%zz') or a header the client refuses: sent byte for byte instead
            RawHttp.Answer raw = RawHttp.send(base, asRawRequest(hostile));
            return new Answer(raw.status(), raw.contentType(), raw.body());
        } catch (AssertionError e) {
            return new Answer(-1, "", String.valueOf(e.getMessage()));
        }
    }

    /** Tomcat's default limit on a request's line and headers together ({@code server.max-http-request-header-size}). */
    private static final int TOMCAT_MAX_HEAD = 8 * 1024;

    private static int headSize(Hostile hostile) {
        byte[] body = hostile.body() == null ? new byte[0] : hostile.body();
        return asRawRequest(hostile).length - body.length;
    }

    private static byte[] asRawRequest(Hostile hostile) {
        StringBuilder head = new StringBuilder(hostile.method()).append(' ').append(hostile.path())
                .append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        hostile.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        byte[] body = hostile.body() == null ? new byte[0] : hostile.body();
        if (hostile.body() != null) {
            head.append("Content-Type: ").append(hostile.contentType()).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(start, start.length + body.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        return all;
    }

    /** What is wrong with this answer, or null. */
    private static String check(Hostile hostile, Answer answer) {
        if (answer.status() <= 0) {
            // Tomcat answers a request head larger than it reads (8 KiB) with 400 and closes at once; the unread
            // rest of the request makes the close a TCP reset, which can discard that 400 before the client reads
            // it. A refused connection is a refusal too, but only for such heads.
            return headSize(hostile) > TOMCAT_MAX_HEAD ? null : "no HTTP answer";
        }
        if (answer.status() >= 500) {
            return "server error";
        }
        if (refusedByTheConnector(hostile, answer)) {
            return null;
        }
        // an answer may name the path it was asked for (in "instance"); the client's own words are not internals
        String body = answer.body();
        if (body != null && hostile.path() != null) {
            String path = hostile.path().split("\\?")[0];
            body = body.replace(path, "").replace(path.substring(1), "");
            try {
                String decoded = java.net.URLDecoder.decode(path, StandardCharsets.UTF_8);
                body = body.replace(decoded, "");
                for (String segment : decoded.split("/")) {
                    body = segment.length() > 3 ? body.replace(segment, "") : body;
                }
            } catch (IllegalArgumentException undecodable) {
                // a path with a broken escape has no decoded form to strip
            }
        }
        if (body != null && INTERNALS.matcher(body).find()) {
            return "the answer shows internals";
        }
        if (answer.body() != null && answer.body().contains(HostileRequests.MARKER_PREFIX)) {
            return "the answer echoes a secret-looking value";
        }
        boolean head = "HEAD".equals(hostile.method());
        if (answer.status() >= 400 && !head
                && !answer.contentType().toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
            return "a refusal that is not application/problem+json";
        }
        if (answer.status() >= 200 && answer.status() < 300 && !isHarmlessSuccess(hostile)) {
            return "accepted";
        }
        return null;
    }

    /**
     * Tomcat refuses a request head whose header value breaks RFC 9112 (control bytes among the non-ASCII ones the
     * Unicode run sends raw) with a bare 400 before any filter, servlet or error valve runs, so no problem body can
     * be written; nothing of the request reached the registry. Accepted only for those raw heads.
     */
    private static boolean refusedByTheConnector(Hostile hostile, Answer answer) {
        if (!hostile.kind().equals("unicode-header") || answer.status() != 400
                || (answer.contentType() != null && !answer.contentType().isEmpty())
                || (answer.body() != null && !answer.body().isBlank())) {
            return false;
        }
        for (byte b : hostile.raw()) {
            if ((b & 0x80) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The only successes allowed: reads, OPTIONS, and removing an instance that was never bound (which records
     * nothing). Anything else that succeeded was a hostile request the registry took for a real one.
     */
    private static boolean isHarmlessSuccess(Hostile hostile) {
        String method = hostile.method();
        // a raw GET of the Unicode run only reads, with headers no client library would send
        boolean rawRead = hostile.kind().equals("unicode-header") && method.equals("GET");
        return (hostile.raw() == null || rawRead) && (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
                || (method.equals("DELETE") && hostile.path().matches("/api/instances/fuzz-[a-z]+")));
    }

    private long eventHead() throws SQLException {
        try (Connection c = env.jdbc(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select coalesce(max(global_index), 0) from domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 400 ? s : s.substring(0, 400) + "…(" + s.length() + " chars)";
    }
}
