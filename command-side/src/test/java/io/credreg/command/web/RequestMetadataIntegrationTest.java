package io.credreg.command.web;

import io.credreg.api.binding.SettingRef;
import io.credreg.command.CommandSideIntegrationTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.credreg.api.EventMetadata.ACTOR;
import static io.credreg.api.EventMetadata.CORRELATION_ID;
import static io.credreg.api.EventMetadata.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariant 4 at the edge: the authenticated token's principal becomes the events' actor, and the registry's own
 * correlation id (X-Correlation-Id) their correlation id; a caller's X-Request-Id is only kept as the request id.
 * X-Actor is ignored: a header cannot claim to be someone else.
 */
class RequestMetadataIntegrationTest extends CommandSideIntegrationTest {

    @Test
    void theRequestIdIsEchoedAndThePrincipalAndRequestIdAreRecorded() {
        String alice = issueToken(unique("alice") + "@example.com", "ADMIN", null);
        String aliceName = nameOf(alice);

        Reply reply = create(unique("n"), "openai", newSecret(), "X-Request-Id", "req-42.a:b",
                "Authorization", bearer(alice));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.header("X-Request-Id")).isEqualTo("req-42.a:b");
        String correlationId = reply.header("X-Correlation-Id");
        assertThat(correlationId).matches("[0-9a-f-]{36}");
        DomainEventMessage<?> created = eventsOf(reply.json().get("id").asString()).get(0);
        assertThat(created.getMetaData()).containsEntry(ACTOR, aliceName).containsEntry(CORRELATION_ID, correlationId)
                .containsEntry(REQUEST_ID, "req-42.a:b");
    }

    @Test
    void aCallerCannotJoinItsEventsToAnotherRequestsCorrelation() {
        Reply first = create(unique("n"), "openai", newSecret(), "X-Request-Id", "req-shared");
        Reply second = create(unique("n"), "openai", newSecret(), "X-Request-Id", first.header("X-Correlation-Id"));

        assertThat(second.status()).isEqualTo(201);
        assertThat(second.header("X-Correlation-Id")).isNotEqualTo(first.header("X-Correlation-Id"));
        assertThat(eventsOf(second.json().get("id").asString()).get(0).getMetaData())
                .containsEntry(CORRELATION_ID, second.header("X-Correlation-Id"))
                .containsEntry(REQUEST_ID, first.header("X-Correlation-Id"));
    }

    @Test
    void anXActorHeaderIsIgnoredEvenWhenMalformed() {
        String bob = issueToken(unique("bob"), "ADMIN", null);

        Reply claimed = create(unique("n"), "openai", newSecret(), "X-Actor", "mallory", "Authorization", bearer(bob));
        Reply malformed = create(unique("n"), "openai", newSecret(), "X-Actor", "alice smith");

        assertThat(claimed.status()).isEqualTo(201);
        assertThat(eventsOf(claimed.json().get("id").asString()).get(0).getMetaData())
                .containsEntry(ACTOR, nameOf(bob));
        assertThat(malformed.status()).isEqualTo(201);
        assertThat(eventsOf(malformed.json().get("id").asString()).get(0).getMetaData()).containsEntry(ACTOR, "admin");
    }

    @Test
    void theBootstrapAdminIsRecordedAsAdminAndTheGeneratedRequestIdCorrelates() {
        Reply reply = create(unique("n"), "openai", newSecret());

        assertThat(reply.status()).isEqualTo(201);
        String requestId = reply.header("X-Request-Id");
        assertThat(requestId).isNotBlank();
        DomainEventMessage<?> created = eventsOf(reply.json().get("id").asString()).get(0);
        assertThat(created.getMetaData()).containsEntry(ACTOR, "admin").containsEntry(CORRELATION_ID, requestId)
                .doesNotContainKey(REQUEST_ID);
        assertThat(reply.header("X-Correlation-Id")).isEqualTo(requestId);
    }

    @Test
    void aMalformedRequestIdIsReplacedNotEchoed() {
        Reply reply = create(unique("n"), "openai", newSecret(), "X-Request-Id", "bad id <script>");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.header("X-Request-Id")).isNotBlank().isNotEqualTo("bad id <script>")
                .matches("[A-Za-z0-9._:-]{1,128}");
        assertThat(eventsOf(reply.json().get("id").asString()).get(0).getMetaData())
                .containsEntry(CORRELATION_ID, reply.header("X-Request-Id")).doesNotContainKey(REQUEST_ID);
    }

    @Test
    void aRefusedAuthenticationStillEchoesTheRequestIdAndRecordsNothing() {
        long before = eventRowCount();

        Reply reply = create(unique("n"), "openai", newSecret(), "X-Request-Id", "req-bad",
                "Authorization", "Bearer crt_not-a-token");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("X-Request-Id")).isEqualTo("req-bad");
        assertThat(eventRowCount()).isEqualTo(before);
    }

    @Test
    void everyEventOfADeletionCarriesTheDeletingPrincipalAndRequest() {
        String bob = issueToken(unique("bob"), "ADMIN", null);
        String id = createCredential("openai", newSecret());
        bindOk(new SettingRef(unique("acme"), "openai.default"), id);
        bindOk(new SettingRef(unique("globex"), "openai.default"), id);
        int before = eventsOf(id).size();

        Reply reply = deleteCredential(id, "Authorization", bearer(bob), "X-Request-Id", "req-delete-1");

        assertThat(reply.status()).isEqualTo(200);
        List<DomainEventMessage<?>> deletion = eventsOf(id).subList(before, before + 3);
        assertThat(deletion).allSatisfy(event -> assertThat(event.getMetaData()).containsEntry(ACTOR, nameOf(bob))
                .containsEntry(CORRELATION_ID, reply.header("X-Correlation-Id"))
                .containsEntry(REQUEST_ID, "req-delete-1"));
    }

    /** The name a token was issued under, as the token listing shows it. */
    private String nameOf(String token) {
        String hash = io.credreg.api.token.ApiTokens.hash(token);
        return jdbc.queryForObject("select name from api_token where token_hash = ?", String.class, hash);
    }
}
