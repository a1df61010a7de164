package io.credreg.command.credential;

import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.binding.UnbindReason;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.Snapshotter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When a credential is snapshotted: after as many events as it held bindings at its last snapshot, at least 100. */
class BindingSizedSnapshotsTest {

    private static final String ID = "c-1";

    private final List<Long> snapshotsAfter = new ArrayList<>();
    private long sequence;
    private final Snapshotter snapshotter = (type, id) -> snapshotsAfter.add(sequence);
    private final SnapshotTrigger trigger = new BindingSizedSnapshots(snapshotter, 100).prepareTrigger(Credential.class);

    @Test
    void whileBindsArriveTheSnapshotsComeAtDoublingSizes() {
        for (int i = 0; i < 2000; i++) {
            handle(bound(i));
        }

        // every 100 events would have written 20 snapshots holding 21,000 bindings in all; these hold 3,100
        assertThat(snapshotsAfter).containsExactly(100L, 200L, 400L, 800L, 1600L);
    }

    @Test
    void aSmallCredentialWithMuchChurnIsSnapshottedEveryHundredEvents() {
        for (int i = 0; i < 500; i++) {
            handle(i % 2 == 0 ? bound(i) : unbound(i - 1));
        }

        assertThat(snapshotsAfter).containsExactly(100L, 200L, 300L, 400L, 500L);
    }

    @Test
    void loadedFromASnapshotItCountsTheSnapshotsBindings() {
        Credential snapshot = new Credential();
        for (int i = 0; i < 1000; i++) {
            snapshot.on(bound(i));
        }
        trigger.eventHandled(new GenericDomainEventMessage<>("Credential", ID, 999, snapshot));
        trigger.initializationFinished();
        sequence = 999;

        for (int i = 0; i < 999; i++) {
            handle(unbound(i));
        }
        assertThat(snapshotsAfter).as("not before as many events as the snapshot held bindings").isEmpty();
        handle(unbound(999));
        assertThat(snapshotsAfter).containsExactly(1999L);
        for (int i = 0; i < 100; i++) {
            handle(bound(i));
        }
        assertThat(snapshotsAfter).as("then, with no binding left, after 100").containsExactly(1999L, 2099L);
    }

    private void handle(Object payload) {
        sequence++;
        trigger.eventHandled(new GenericDomainEventMessage<>("Credential", ID, sequence, payload));
    }

    private static SettingBound bound(int i) {
        return new SettingBound(ID, "i-" + i, "openai.default", "openai", null);
    }

    private static SettingUnbound unbound(int i) {
        return new SettingUnbound(ID, "i-" + i, "openai.default", UnbindReason.REQUESTED);
    }
}
