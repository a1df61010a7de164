package io.credreg.platform.events;

import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialRenamed;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.api.credential.SecretEnvelope;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The revision resolver and the upcasters as the event store uses them, on the Jackson 3 serializer. */
class FieldRenameUpcasterTest {

    private final Jackson3Serializer serializer = Jackson3Serializer.builder()
            .revisionResolver(new EventRevisionResolver()).build();
    private final EventUpcaster upcasters = new EventEvolutionAutoConfiguration().eventEvolutions();

    @Test
    void newEventsAreStoredWithTheirDeclaredRevisionAndShape() {
        SerializedObject<byte[]> stored = serializer.serialize(new CredentialRenamed("c-1", "openai", "Old", "New"),
                byte[].class);

        assertThat(stored.getType().getName()).isEqualTo(CredentialRenamed.class.getName());
        assertThat(stored.getType().getRevision()).isEqualTo("2");
        assertThat(new String(stored.getData(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"credentialId\":\"c-1\",\"provider\":\"openai\",\"previousName\":\"Old\",\"newName\":\"New\"}");
        assertThat(serializer.serialize(new CredentialCreated("c-1", "n", "openai", new SecretEnvelope("d", "n", "c"),
                "fp", "hint", 1), byte[].class).getType().getRevision()).as("undeclared: no revision").isNull();
    }

    @Test
    void aFirstShapeRenameIsReadAsRevisionTwo() {
        IntermediateEventRepresentation upcast = upcastOne(CredentialRenamed.class.getName(), null,
                "{\"credentialId\":\"c-1\",\"provider\":\"openai\",\"previousName\":\"Old\",\"name\":\"New\"}");

        assertThat(upcast.getType().getRevision()).isEqualTo("2");
        assertThat((Object) serializer.deserialize(upcast.getData()))
                .isEqualTo(new CredentialRenamed("c-1", "openai", "Old", "New"));
    }

    @Test
    void aRevisionTwoRenameIsLeftAsItIs() {
        IntermediateEventRepresentation read = upcastOne(CredentialRenamed.class.getName(), "2",
                "{\"credentialId\":\"c-1\",\"provider\":\"openai\",\"previousName\":\"Old\",\"newName\":\"New\"}");

        assertThat(read.getType().getRevision()).isEqualTo("2");
        assertThat((Object) serializer.deserialize(read.getData()))
                .isEqualTo(new CredentialRenamed("c-1", "openai", "Old", "New"));
    }

    @Test
    void otherEventsWithAFieldCalledNameAreNotTouched() {
        String json = "{\"credentialId\":\"c-1\",\"name\":\"Main\",\"provider\":\"openai\",\"secret\":"
                + "{\"dataKeyId\":\"d\",\"nonce\":\"n\",\"ciphertext\":\"c\"},\"fingerprint\":\"fp\","
                + "\"secretHint\":\"hint\",\"secretVersion\":1}";
        IntermediateEventRepresentation read = upcastOne(CredentialCreated.class.getName(), null, json);

        assertThat(read.getType().getRevision()).isNull();
        assertThat(((CredentialCreated) serializer.deserialize(read.getData())).name()).isEqualTo("Main");
    }

    @Test
    void storedHintsOfTheOldRuleAreReadWithAtMostFourCharacters() {
        String created = "{\"credentialId\":\"c-1\",\"name\":\"Main\",\"provider\":\"openai\",\"secret\":"
                + "{\"dataKeyId\":\"d\",\"nonce\":\"n\",\"ciphertext\":\"c\"},\"fingerprint\":\"fp\","
                + "\"secretHint\":\"sk-…9f3a\",\"secretVersion\":1}";
        String rotated = "{\"credentialId\":\"c-1\",\"secret\":{\"dataKeyId\":\"d\",\"nonce\":\"n\","
                + "\"ciphertext\":\"c\"},\"fingerprint\":\"fp\",\"secretHint\":\"…de\",\"secretVersion\":2,"
                + "\"destroyedDataKeyId\":\"d0\"}";

        assertThat(((CredentialCreated) serializer.deserialize(
                upcastOne(CredentialCreated.class.getName(), null, created).getData())).secretHint())
                .isEqualTo("…9f3a");
        assertThat(((CredentialSecretRotated) serializer.deserialize(
                upcastOne(CredentialSecretRotated.class.getName(), null, rotated).getData())).secretHint())
                .isEqualTo("…");
    }

    private IntermediateEventRepresentation upcastOne(String type, String revision, String json) {
        GenericDomainEventEntry<byte[]> row = new GenericDomainEventEntry<>("Credential", "c-1", 1, "e-1",
                Instant.now(), type, revision, json.getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));
        return upcasters.upcast(Stream.of(new InitialEventRepresentation(row, serializer))).findFirst()
                .orElseThrow();
    }
}
