package io.credreg.command.token;

import io.credreg.command.CommandSideIntegrationTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;

import static io.credreg.api.EventMetadata.ACTOR;
import static io.credreg.api.EventMetadata.ACTOR_ROLE;
import static io.credreg.api.EventMetadata.ACTOR_TOKEN_ID;
import static org.assertj.core.api.Assertions.assertThat;

/** The actor is a token, not a name: its id and role are recorded, and no name can pass for another token's. */
class TokenActorIntegrationTest extends CommandSideIntegrationTest {

    @Test
    void eventsRecordTheActingTokensIdAndRole() {
        Reply issued = post("/api/tokens", json("name", unique("alice"), "role", "ADMIN"));
        String alice = issued.json().get("token").asString();

        Reply created = create(unique("n"), "openai", newSecret(), "Authorization", bearer(alice));
        Reply byBootstrap = create(unique("n"), "openai", newSecret());

        DomainEventMessage<?> event = eventsOf(created.json().get("id").asString()).get(0);
        assertThat(event.getMetaData()).containsEntry(ACTOR, issued.json().get("name").asString())
                .containsEntry(ACTOR_TOKEN_ID, issued.json().get("id").asString()).containsEntry(ACTOR_ROLE, "ADMIN");
        assertThat(eventsOf(byBootstrap.json().get("id").asString()).get(0).getMetaData())
                .containsEntry(ACTOR, "admin").containsEntry(ACTOR_TOKEN_ID, "bootstrap")
                .containsEntry(ACTOR_ROLE, "ADMIN");
    }

    @Test
    void aLiveTokensNameCannotBeTakenAgainUntilItIsRevoked() {
        String name = unique("bot");
        Reply first = post("/api/tokens", json("name", name, "role", "AUDITOR"));
        long before = eventRowCount();

        Reply again = post("/api/tokens", json("name", name.toUpperCase(java.util.Locale.ROOT), "role", "ADMIN"));

        assertThat(again.status()).as("%s", again).isEqualTo(409);
        assertThat(again.json().get("type").asString()).endsWith("/duplicate-name");
        assertThat(again.json().get("existingTokenId").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(eventRowCount()).isEqualTo(before);
        assertThat(delete("/api/tokens/" + first.json().get("id").asString()).status()).isEqualTo(204);
        assertThat(post("/api/tokens", json("name", name, "role", "AUDITOR")).status()).isEqualTo(201);
    }

    @Test
    void theBootstrapAdminsNameIsReserved() {
        long before = eventRowCount();
        for (String name : new String[]{"admin", "Admin", "ADMIN"}) {
            Reply refused = post("/api/tokens", json("name", name, "role", "INSTANCE", "instanceId", unique("i")));

            assertThat(refused.status()).as("%s", refused).isEqualTo(409);
            assertThat(refused.json().get("type").asString()).endsWith("/duplicate-name");
            assertThat(refused.json().get("detail").asString()).contains("reserved for the bootstrap admin");
        }
        assertThat(eventRowCount()).isEqualTo(before);
    }
}
