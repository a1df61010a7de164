package io.credreg.command.web;

import io.credreg.api.binding.SettingRef;
import io.credreg.command.CommandSideIntegrationTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.credreg.api.EventMetadata.ACTOR;
import static io.credreg.api.EventMetadata.ANONYMOUS;
import static io.credreg.api.EventMetadata.CORRELATION_ID;
import static org.assertj.core.api.Assertions.assertThat;

/** Invariant 4 at the edge: X-Actor and X-Request-Id become the events' actor and correlation id. */
class RequestMetadataIntegrationTest extends CommandSideIntegrationTest {

    @Test
    void theRequestIdIsEchoedAndTheActorAndRequestIdAreRecorded() {
        Reply reply = create(unique("n"), "openai", newSecret(), "X-Request-Id", "req-42.a:b", "X-Actor",
                "alice@example.com");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.header("X-Request-Id")).isEqualTo("req-42.a:b");
        DomainEventMessage<?> created = eventsOf(reply.json().get("id").asString()).get(0);
        assertThat(created.getMetaData()).containsEntry(ACTOR, "alice@example.com")
                .containsEntry(CORRELATION_ID, "req-42.a:b");
    }

    @Test
    void withoutHeadersTheActorIsAnonymousAndTheGeneratedRequestIdCorrelates() {
        Reply reply = create(unique("n"), "openai", newSecret());

        assertThat(reply.status()).isEqualTo(201);
        String requestId = reply.header("X-Request-Id");
        assertThat(requestId).isNotBlank();
        DomainEventMessage<?> created = eventsOf(reply.json().get("id").asString()).get(0);
        assertThat(created.getMetaData()).containsEntry(ACTOR, ANONYMOUS).containsEntry(CORRELATION_ID, requestId);
    }

    @Test
    void aMalformedRequestIdIsReplacedNotEchoed() {
        Reply reply = create(unique("n"), "openai", newSecret(), "X-Request-Id", "bad id <script>");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.header("X-Request-Id")).isNotBlank().isNotEqualTo("bad id <script>")
                .matches("[A-Za-z0-9._:-]{1,128}");
        assertThat(eventsOf(reply.json().get("id").asString()).get(0).getMetaData())
                .containsEntry(CORRELATION_ID, reply.header("X-Request-Id"));
    }

    @Test
    void aMalformedActorIsABadRequestAndRecordsNothing() {
        long before = eventRowCount();

        Reply reply = create(unique("n"), "openai", newSecret(), "X-Actor", "alice smith", "X-Request-Id", "req-bad");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
        assertThat(reply.json().get("type").asString()).endsWith("/invalid-request");
        assertThat(reply.json().get("detail").asString()).contains("X-Actor");
        assertThat(reply.header("X-Request-Id")).isEqualTo("req-bad");
        assertThat(eventRowCount()).isEqualTo(before);
    }

    @Test
    void anActorOf129CharactersIsRefused() {
        Reply reply = create(unique("n"), "openai", newSecret(), "X-Actor", "a".repeat(129));
        assertThat(reply.status()).isEqualTo(400);
    }

    @Test
    void everyEventOfADeletionCarriesTheDeletingActorAndRequest() {
        String id = createCredential("openai", newSecret());
        bindOk(new SettingRef(unique("acme"), "openai.default"), id);
        bindOk(new SettingRef(unique("globex"), "openai.default"), id);
        int before = eventsOf(id).size();

        Reply reply = deleteCredential(id, "X-Actor", "bob", "X-Request-Id", "req-delete-1");

        assertThat(reply.status()).isEqualTo(200);
        List<DomainEventMessage<?>> deletion = eventsOf(id).subList(before, before + 3);
        assertThat(deletion).allSatisfy(event -> assertThat(event.getMetaData()).containsEntry(ACTOR, "bob")
                .containsEntry(CORRELATION_ID, "req-delete-1"));
    }
}
