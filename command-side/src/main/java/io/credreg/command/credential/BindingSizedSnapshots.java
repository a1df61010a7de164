package io.credreg.command.credential;

import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingUnbound;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.AbstractSnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;

import jakarta.annotation.Nonnull;

/**
 * Snapshots a credential after as many events as it held bindings at its last snapshot, and after no fewer than
 * {@code minimum}. A snapshot holds every binding, so taking one every 100 events wrote the whole set again and again:
 * binding a credential to N settings wrote about N²/200 bindings into snapshots. Sized by the bindings, snapshots are
 * taken at 100, 200, 400, ... bindings while binds arrive, so all of them together hold fewer than 2N; and a cache
 * miss still reads one snapshot and at most as many events as that snapshot holds bindings (or {@code minimum}): a
 * load costs at most about twice what the state itself is, whatever the length of the stream.
 */
public class BindingSizedSnapshots implements SnapshotTriggerDefinition {

    private final Snapshotter snapshotter;
    private final int minimum;

    public BindingSizedSnapshots(Snapshotter snapshotter, int minimum) {
        this.snapshotter = snapshotter;
        this.minimum = minimum;
    }

    @Override
    public SnapshotTrigger prepareTrigger(@Nonnull Class<?> aggregateType) {
        return new Trigger(snapshotter, aggregateType, minimum);
    }

    @Override
    public SnapshotTrigger reconfigure(@Nonnull Class<?> aggregateType, @Nonnull SnapshotTrigger trigger) {
        if (trigger instanceof Trigger sized) {
            sized.setSnapshotter(snapshotter);
            return sized;
        }
        return prepareTrigger(aggregateType);
    }

    /** Counts the credential's bindings from the events it sees, starting from the snapshot's when there is one. */
    static final class Trigger extends AbstractSnapshotTrigger {

        private final int minimum;
        private int bindings;
        private int bindingsAtSnapshot;
        private int eventsSinceSnapshot;

        Trigger(Snapshotter snapshotter, Class<?> aggregateType, int minimum) {
            super(snapshotter, aggregateType);
            this.minimum = minimum;
        }

        @Override
        public void eventHandled(@Nonnull EventMessage<?> message) {
            Object payload = message.getPayload();
            if (payload instanceof Credential snapshot) {
                bindings = snapshot.bindingCount();
                bindingsAtSnapshot = bindings;
                eventsSinceSnapshot = 0;
                return;
            }
            if (payload instanceof SettingBound) {
                bindings++;
            } else if (payload instanceof SettingUnbound) {
                bindings = Math.max(0, bindings - 1);
            }
            super.eventHandled(message);
        }

        @Override
        protected boolean exceedsThreshold() {
            return ++eventsSinceSnapshot >= Math.max(minimum, bindingsAtSnapshot);
        }

        @Override
        protected void reset() {
            eventsSinceSnapshot = 0;
            bindingsAtSnapshot = bindings;
        }
    }
}
