package io.credreg.command.token;

import io.credreg.api.token.ApiTokenIssued;
import io.credreg.api.token.ApiTokenReplaced;
import io.credreg.command.CommandSideIntegrationTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens that expire, and the replacement of a token without a moment in which its users are locked out. */
class TokenLifetimeIntegrationTest extends CommandSideIntegrationTest {

    @Test
    void aTokenStopsAtItsExpiryIsListedAsExpiredAndFreesItsName() throws InterruptedException {
        String name = unique("short-lived");
        Instant expiry = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
        Reply issued = post("/api/tokens", json("name", name, "role", "AUDITOR", "expiresAt", expiry.toString()));
        assertThat(issued.status()).as("%s", issued).isEqualTo(201);
        String id = issued.json().get("id").asString();
        String token = issued.json().get("token").asString();
        assertThat(Instant.parse(issued.json().get("expiresAt").asString())).isEqualTo(expiry);
        assertThat(eventsOf(id).get(0).getPayload()).isInstanceOfSatisfying(ApiTokenIssued.class,
                event -> assertThat(event.expiresAt()).isEqualTo(expiry));
        assertThat(listTokens(token).status()).isEqualTo(200);
        assertThat(entryOf(listTokens(null), id).get("status").asString()).isEqualTo("ACTIVE");
        assertThat(post("/api/tokens", json("name", name, "role", "AUDITOR")).status())
                .as("the name is held while the token lives").isEqualTo(409);

        sleepUntil(expiry.plusMillis(1_100)); // past the expiry and the token cache's bound

        Reply refused = listTokens(token);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("detail").asString()).contains("expired");
        JsonNode entry = entryOf(listTokens(null), id);
        assertThat(entry.get("status").asString()).isEqualTo("EXPIRED");
        assertThat(entry.get("revokedAt").isNull()).isTrue();
        assertThat(post("/api/tokens", json("name", name, "role", "AUDITOR")).status())
                .as("an expired token no longer holds its name").isEqualTo(201);
    }

    @Test
    void anExpiryInThePastOrMalformedIsRefusedAndRecordsNothing() {
        long before = eventRowCount();
        Reply past = post("/api/tokens", json("name", unique("late"), "role", "ADMIN", "expiresAt",
                Instant.now().minusSeconds(5).toString()));
        Reply malformed = post("/api/tokens", json("name", unique("late"), "role", "ADMIN", "expiresAt", "tomorrow"));

        assertThat(past.status()).isEqualTo(400);
        assertThat(past.json().get("detail").asString()).contains("'expiresAt' must be in the future");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("detail").asString()).contains("expiresAt");
        assertThat(eventRowCount()).isEqualTo(before);
    }

    @Test
    void aReplacedTokenWorksAlongsideItsSuccessorUntilTheGracePeriodEnds() throws InterruptedException {
        String name = unique("rotating");
        Reply issued = post("/api/tokens", json("name", name, "role", "AUDITOR"));
        String oldId = issued.json().get("id").asString();
        String oldToken = issued.json().get("token").asString();

        Instant asked = Instant.now();
        Reply replaced = post("/api/tokens/" + oldId + "/replacement", json("graceSeconds", 2));

        assertThat(replaced.status()).as("%s", replaced).isEqualTo(201);
        String newId = replaced.json().get("id").asString();
        String newToken = replaced.json().get("token").asString();
        assertThat(replaced.json().get("name").asString()).isEqualTo(name);
        assertThat(replaced.json().get("role").asString()).isEqualTo("AUDITOR");
        assertThat(replaced.json().get("replaces").asString()).isEqualTo(oldId);
        assertThat(replaced.header("Location")).isEqualTo("/api/tokens/" + newId);
        assertThat(listTokens(oldToken).status()).as("the old token during the grace period").isEqualTo(200);
        assertThat(listTokens(newToken).status()).isEqualTo(200);

        List<DomainEventMessage<?>> oldEvents = eventsOf(oldId);
        assertThat(oldEvents.get(oldEvents.size() - 1).getPayload()).isInstanceOfSatisfying(ApiTokenReplaced.class,
                event -> {
                    assertThat(event.successorId()).isEqualTo(newId);
                    assertThat(event.retiresAt()).isBetween(asked.plusSeconds(2), Instant.now().plusSeconds(2));
                });
        assertThat(eventsOf(newId).get(0).getPayload()).isInstanceOf(ApiTokenIssued.class);
        JsonNode oldEntry = entryOf(listTokens(null), oldId);
        assertThat(oldEntry.get("replacedBy").asString()).isEqualTo(newId);

        Reply again = post("/api/tokens/" + oldId + "/replacement", json("graceSeconds", 0));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asString()).endsWith("/token-not-replaceable");
        assertThat(again.json().get("detail").asString()).contains("already been replaced by " + newId);

        sleepUntil(Instant.parse(oldEntry.get("expiresAt").asString()).plusMillis(1_100));

        assertThat(listTokens(oldToken).status()).as("the old token after the grace period").isEqualTo(401);
        assertThat(listTokens(newToken).status()).isEqualTo(200);
        assertThat(entryOf(listTokens(null), oldId).get("status").asString()).isEqualTo("EXPIRED");
    }

    @Test
    void replacementRefusalsAreProblemsThatRecordNothing() {
        Reply issued = post("/api/tokens", json("name", unique("kept"), "role", "AUDITOR"));
        String id = issued.json().get("id").asString();
        long before = eventRowCount();

        Reply unknown = post("/api/tokens/no-such-token/replacement", json("graceSeconds", 10));
        Reply negative = post("/api/tokens/" + id + "/replacement", json("graceSeconds", -1));
        Reply tooLong = post("/api/tokens/" + id + "/replacement", json("graceSeconds", 31L * 24 * 3600));
        Reply unknownField = post("/api/tokens/" + id + "/replacement", json("grace", 10));
        delete("/api/tokens/" + id);
        long afterRevocation = eventRowCount();
        Reply revoked = post("/api/tokens/" + id + "/replacement", json("graceSeconds", 10));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.json().get("detail").asString()).contains("'graceSeconds' must be between 0 and 2592000");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(afterRevocation).isEqualTo(before + 1);
        assertThat(revoked.status()).isEqualTo(409);
        assertThat(revoked.json().get("detail").asString()).contains("it has been revoked");
        assertThat(eventRowCount()).isEqualTo(afterRevocation);
    }

    @Test
    void withoutABodyTheGracePeriodIsAnHour() {
        String id = post("/api/tokens", json("name", unique("default-grace"), "role", "AUDITOR")).json().get("id")
                .asString();

        Reply replaced = send("POST", "/api/tokens/" + id + "/replacement", null, null);

        assertThat(replaced.status()).as("%s", replaced).isEqualTo(201);
        Instant retires = Instant.parse(entryOf(listTokens(null), id).get("expiresAt").asString());
        assertThat(Duration.between(Instant.now(), retires)).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(60));
    }

    private Reply listTokens(String token) {
        return token == null ? send("GET", "/api/tokens", null, null)
                : send("GET", "/api/tokens", null, null, "Authorization", bearer(token));
    }

    private static JsonNode entryOf(Reply list, String id) {
        for (JsonNode entry : list.json()) {
            if (entry.get("id").asString().equals(id)) {
                return entry;
            }
        }
        throw new AssertionError("no token " + id + " in " + list);
    }

    private static void sleepUntil(Instant moment) throws InterruptedException {
        long millis = Duration.between(Instant.now(), moment).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
