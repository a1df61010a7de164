package io.credreg.command.token;

import io.credreg.api.token.ApiTokenIssued;
import io.credreg.api.token.ApiTokenRevoked;
import io.credreg.api.token.ApiTokens;
import io.credreg.command.CommandSideIntegrationTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static io.credreg.api.EventMetadata.ACTOR;
import static org.assertj.core.api.Assertions.assertThat;

/** Issuing, listing and revoking tokens: events in the audit trail, hashes at rest, the token shown once. */
class TokenIntegrationTest extends CommandSideIntegrationTest {

    @Test
    void anIssuedTokenIsShownOnceStoredAsAHashAndAuthenticatesAtOnce() {
        String name = unique("ops");
        Reply issued = post("/api/tokens", json("name", name, "role", "AUDITOR"));

        assertThat(issued.status()).as("%s", issued).isEqualTo(201);
        String id = issued.json().get("id").asString();
        String token = issued.json().get("token").asString();
        assertThat(token).startsWith("crt_").hasSizeGreaterThan(40);
        assertThat(issued.header("Location")).endsWith("/api/tokens/" + id);
        assertThat(issued.json().get("role").asString()).isEqualTo("AUDITOR");
        assertThat(issued.json().get("createdAt").asString()).isNotBlank();

        List<DomainEventMessage<?>> events = eventsOf(id);
        assertThat(payloads(events)).singleElement().isEqualTo(
                new ApiTokenIssued(id, name, io.credreg.api.token.TokenRole.AUDITOR, null, ApiTokens.hash(token)));
        assertThat(events.get(0).getMetaData()).containsEntry(ACTOR, "admin");

        Reply listed = send("GET", "/api/tokens", null, null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(token).doesNotContain(ApiTokens.hash(token));
        JsonNode entry = entryOf(listed, id);
        assertThat(entry.get("name").asString()).isEqualTo(name);
        assertThat(entry.has("token")).isFalse();
        assertThat(entry.get("revokedAt").isNull()).isTrue();
        assertNowhereAtRest(token);

        // an auditor may list tokens (never their values) but not issue one
        assertThat(send("GET", "/api/tokens", null, null, "Authorization", bearer(token)).status()).isEqualTo(200);
        assertThat(post("/api/tokens", json("name", "x", "role", "ADMIN"), "Authorization", bearer(token)).status())
                .isEqualTo(403);
    }

    @Test
    void aRevokedTokenStopsAtOnceAndTheRevocationIsAnEventOfTheRevokingPrincipal() {
        String admin = issueToken(unique("second-admin"), "ADMIN", null);
        Reply issued = post("/api/tokens", json("name", unique("doomed"), "role", "ADMIN"));
        String id = issued.json().get("id").asString();
        String doomed = issued.json().get("token").asString();
        assertThat(send("GET", "/api/tokens", null, null, "Authorization", bearer(doomed)).status()).isEqualTo(200);

        Reply revoked = delete("/api/tokens/" + id, "Authorization", bearer(admin));

        assertThat(revoked.status()).isEqualTo(204);
        Reply refused = send("GET", "/api/tokens", null, null, "Authorization", bearer(doomed));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(refused.json().get("type").asString()).endsWith("/unauthenticated");
        assertThat(refused.json().get("detail").asString()).contains("revoked");
        DomainEventMessage<?> revocation = eventsOf(id).get(1);
        assertThat(revocation.getPayload()).isInstanceOf(ApiTokenRevoked.class);
        assertThat(revocation.getMetaData().get(ACTOR)).isNotEqualTo("admin").asString().startsWith("second-admin");
        assertThat(entryOf(send("GET", "/api/tokens", null, null), id).get("revokedAt").isNull()).isFalse();

        // revoking again changes nothing
        assertThat(delete("/api/tokens/" + id).status()).isEqualTo(204);
        assertThat(eventsOf(id)).hasSize(2);
    }

    @Test
    void anUnknownTokenIdIsNotFound() {
        Reply reply = delete("/api/tokens/no-such-token");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
        assertThat(reply.json().get("detail").asString()).contains("no-such-token");
    }

    @Test
    void anInstanceTokenNeedsItsInstanceAndTheOtherRolesNone() {
        assertThat(post("/api/tokens", json("name", "a", "role", "INSTANCE")).status()).isEqualTo(400);
        assertThat(post("/api/tokens", json("name", "a", "role", "ADMIN", "instanceId", "acme")).status())
                .isEqualTo(400);
        Reply badRole = post("/api/tokens", json("name", "a", "role", "ROOT"));
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.json().get("detail").asString()).contains("role");
        assertThat(post("/api/tokens", json("name", "has space", "role", "ADMIN")).status()).isEqualTo(400);
        assertThat(post("/api/tokens", json("name", "acme-bot", "role", "INSTANCE", "instanceId", "acme")).status())
                .isEqualTo(201);
    }

    private static JsonNode entryOf(Reply list, String id) {
        for (JsonNode entry : list.json()) {
            if (entry.get("id").asString().equals(id)) {
                return entry;
            }
        }
        throw new AssertionError("no token " + id + " in " + list);
    }
}
