package io.credreg.api;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventEvolutionsTest {

    @Test
    void everyChainEndsAtTheRevisionItsEventDeclares() throws ClassNotFoundException {
        Map<String, String> latest = new HashMap<>();
        for (FieldRename rename : EventEvolutions.FIELD_RENAMES) {
            assertThat(rename.fromRevision()).as("%s is listed after its previous revision", rename)
                    .isEqualTo(latest.get(rename.eventType()));
            latest.put(rename.eventType(), rename.toRevision());
        }
        for (Map.Entry<String, String> chain : latest.entrySet()) {
            EventRevision declared = Class.forName(chain.getKey()).getAnnotation(EventRevision.class);
            assertThat(declared).as("%s declares its revision", chain.getKey()).isNotNull();
            assertThat(declared.value()).isEqualTo(chain.getValue());
        }
    }

    @Test
    void aRenameAppliesOnlyToItsEventAndRevision() {
        FieldRename rename = new FieldRename("a.Event", null, "2", "name", "newName");

        assertThat(rename.appliesTo("a.Event", null)).isTrue();
        assertThat(rename.appliesTo("a.Event", "2")).isFalse();
        assertThat(rename.appliesTo("b.Event", null)).isFalse();
        assertThatThrownBy(() -> new FieldRename("a.Event", "2", "2", "x", "y"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
