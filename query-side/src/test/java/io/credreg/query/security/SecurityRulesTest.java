package io.credreg.query.security;

import io.credreg.api.EventMetadata;
import io.credreg.api.token.ApiTokenIssued;
import io.credreg.api.token.ApiTokenRevoked;
import io.credreg.api.token.ApiTokens;
import io.credreg.api.token.TokenRole;
import io.credreg.query.QuerySideTest;
import jakarta.servlet.Filter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;

/**
 * Every endpoint of the query side against every kind of caller: no token and a garbage or revoked token get 401,
 * a role the rules do not allow (or an instance token for another instance) 403, everyone else an answer.
 */
@QuerySideTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityRulesTest {

    /** Who asks. */
    enum Caller { NONE, GARBAGE, REVOKED, ADMIN, AUDITOR, OWN_INSTANCE, OTHER_INSTANCE }

    private static final String INSTANCE = "inst-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String CREDENTIAL = UUID.randomUUID().toString();
    private static final Set<Caller> ADMIN = EnumSet.of(Caller.ADMIN);
    private static final Set<Caller> READERS = EnumSet.of(Caller.ADMIN, Caller.AUDITOR);
    private static final Set<Caller> READERS_AND_OWN_INSTANCE = EnumSet.of(Caller.ADMIN, Caller.AUDITOR,
            Caller.OWN_INSTANCE);
    /** Health is open, but a token that does not authenticate is refused wherever it is sent. */
    private static final Set<Caller> ANYONE = EnumSet.complementOf(EnumSet.of(Caller.GARBAGE, Caller.REVOKED));

    /** Any token that authenticates: the console asks who it is before it refuses an instance token itself. */
    private static final Set<Caller> ANY_TOKEN = EnumSet.of(Caller.ADMIN, Caller.AUDITOR, Caller.OWN_INSTANCE,
            Caller.OTHER_INSTANCE);

    record Endpoint(String method, String path, Set<Caller> allowed) {
    }

    /** The query side's endpoints and who may call them; a new endpoint belongs here. */
    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/api/credentials", READERS),
            new Endpoint("GET", "/api/credentials/" + CREDENTIAL, READERS),
            new Endpoint("GET", "/api/credentials/" + CREDENTIAL + "/deletion-impact", READERS),
            new Endpoint("GET", "/api/credentials/" + CREDENTIAL + "/history", READERS),
            new Endpoint("GET", "/api/instances/" + INSTANCE + "/settings", READERS_AND_OWN_INSTANCE),
            new Endpoint("GET", "/api/admin/processors", ADMIN),
            new Endpoint("GET", "/api/admin/processors/credentials", ADMIN),
            // an unknown processor: an admin gets 404, so nothing is replayed by this test
            new Endpoint("POST", "/api/admin/processors/no-such-processor/replay", ADMIN),
            new Endpoint("GET", "/actuator/health", ANYONE),
            new Endpoint("GET", "/actuator/metrics", ADMIN),
            new Endpoint("GET", "/actuator/prometheus", ADMIN),
            new Endpoint("GET", "/actuator/info", ADMIN),
            // the API description, Swagger UI and the console's files hold no secret
            new Endpoint("GET", "/v3/api-docs", ANYONE),
            new Endpoint("GET", "/swagger-ui/index.html", ANYONE),
            new Endpoint("GET", "/console/", ANYONE),
            new Endpoint("GET", "/console/app.js", ANYONE),
            new Endpoint("GET", "/api/me", ANY_TOKEN),
            new Endpoint("GET", "/api/console/config", ANY_TOKEN),
            new Endpoint("GET", "/api/stream", READERS),
            new Endpoint("DELETE", "/api/credentials/" + CREDENTIAL, ADMIN));

    @Autowired
    WebApplicationContext context;
    @Autowired
    @Qualifier("springSecurityFilterChain")
    Filter securityFilters;
    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Value("${registry.admin-token}")
    String adminToken;

    /** No default token: each request says who it is. */
    private MockMvc mvc;
    private final java.util.Map<Caller, String> tokens = new java.util.EnumMap<>(Caller.class);

    @BeforeAll
    void issueTokens() {
        mvc = MockMvcBuilders.webAppContextSetup(context).addFilters(securityFilters).build();
        tokens.put(Caller.ADMIN, adminToken);
        tokens.put(Caller.GARBAGE, "crt_" + "x".repeat(43));
        tokens.put(Caller.AUDITOR, issue("auditor", TokenRole.AUDITOR, null));
        tokens.put(Caller.OWN_INSTANCE, issue("own", TokenRole.INSTANCE, INSTANCE));
        tokens.put(Caller.OTHER_INSTANCE, issue("other", TokenRole.INSTANCE, INSTANCE + "-other"));
        String revoked = issue("revoked", TokenRole.ADMIN, null);
        tokens.put(Caller.REVOKED, revoked);
        revoke(revoked);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from qr_api_token where token_hash = ? and revoked_at is not null", Integer.class,
                ApiTokens.hash(revoked)) == 1);
    }

    @Test
    void everyEndpointAnswersEveryCallerAsTheRulesSay() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            for (Caller caller : Caller.values()) {
                MvcResult result = mvc.perform(as(caller, request(
                        org.springframework.http.HttpMethod.valueOf(endpoint.method()), endpoint.path()))).andReturn();
                int status = result.getResponse().getStatus();
                String expected = expectation(endpoint, caller);
                boolean ok = switch (expected) {
                    case "401" -> status == 401 && result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE) != null;
                    case "403" -> status == 403;
                    default -> status != 401 && status != 403 && status < 500;
                };
                if (!ok) {
                    wrong.add(caller + " " + endpoint.method() + " " + endpoint.path() + ": expected " + expected
                            + ", got " + status + " " + result.getResponse().getContentAsString());
                }
                if (status == 401 || status == 403) {
                    assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
                    assertThat(result.getResponse().getContentAsString()).contains(
                            status == 401 ? "/problems/unauthenticated" : "/problems/forbidden");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static String expectation(Endpoint endpoint, Caller caller) {
        if (endpoint.allowed().contains(caller)) {
            return "allowed";
        }
        return switch (caller) {
            case NONE, GARBAGE, REVOKED -> "401";
            default -> "403";
        };
    }

    @Test
    void aRevokedTokenStopsWorkingWithinSeconds() throws Exception {
        String token = issue("short-lived", TokenRole.AUDITOR, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(token) == 200);

        revoke(token);

        long revokedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> statusOf(token) == 401);
        assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(5));
    }

    /** Health is open, but its details (paths, database product, processor states) are for admins only. */
    @Test
    void healthShowsItsDetailsToAdminsOnly() throws Exception {
        for (Caller caller : List.of(Caller.NONE, Caller.AUDITOR, Caller.OWN_INSTANCE, Caller.ADMIN)) {
            MvcResult health = mvc.perform(as(caller, request(org.springframework.http.HttpMethod.GET,
                    "/actuator/health"))).andReturn();
            assertThat(health.getResponse().getStatus()).as("%s", caller).isEqualTo(200);
            String body = health.getResponse().getContentAsString();
            if (caller == Caller.ADMIN) {
                assertThat(body).as("%s", caller).contains("\"components\"", "eventProcessors");
            } else {
                assertThat(body).as("%s", caller).contains("\"status\"").doesNotContain("components", "details",
                        "eventProcessors", "H2");
            }
        }
    }

    @Test
    void aPreflightFromTheAdminUiOriginIsAllowedAndFromAnyOtherRefused() throws Exception {
        MvcResult allowed = mvc.perform(options("/api/credentials").header(HttpHeaders.ORIGIN, "https://admin.example.test")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization")).andReturn();
        MvcResult refused = mvc.perform(options("/api/credentials").header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")).andReturn();

        assertThat(allowed.getResponse().getStatus()).isEqualTo(200);
        assertThat(allowed.getResponse().getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN))
                .isEqualTo("https://admin.example.test");
        assertThat(refused.getResponse().getStatus()).isEqualTo(403);
        assertThat(refused.getResponse().getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isNull();
    }

    private int statusOf(String token) throws Exception {
        return mvc.perform(request(org.springframework.http.HttpMethod.GET, "/api/credentials")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)).andReturn().getResponse().getStatus();
    }

    private MockHttpServletRequestBuilder as(Caller caller, MockHttpServletRequestBuilder request) {
        return caller == Caller.NONE ? request : request.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(caller));
    }

    // the command side issues tokens; here their events are appended as it would append them

    private final java.util.Map<String, String> idsByToken = new java.util.HashMap<>();

    private String issue(String name, TokenRole role, String instanceId) {
        String token = ApiTokens.generate();
        String id = UUID.randomUUID().toString();
        idsByToken.put(token, id);
        append(id, 0, new ApiTokenIssued(id, name, role, instanceId, ApiTokens.hash(token)));
        return token;
    }

    private void revoke(String token) {
        String id = idsByToken.get(token);
        append(id, 1, new ApiTokenRevoked(id, "x"));
    }

    private void append(String id, long sequence, Object payload) {
        MetaData metaData = MetaData.with(EventMetadata.ACTOR, "admin").and(EventMetadata.CORRELATION_ID, id);
        transactions.executeWithoutResult(status -> eventStore.publish(
                new GenericDomainEventMessage<>("ApiToken", id, sequence, payload, metaData)));
    }
}
