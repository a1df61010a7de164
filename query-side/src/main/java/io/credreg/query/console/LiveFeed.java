package io.credreg.query.console;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows the event store from its head and tells the console's open pages what changed: the position, the event's
 * type and the aggregate it belongs to (never a payload, so never a secret). The last {@value #REMEMBERED} changes
 * are kept, so a page that reconnects with {@code Last-Event-ID} gets what it missed; one that fell further behind
 * is told to reload.
 */
@Component
public class LiveFeed implements SmartLifecycle {

    static final int REMEMBERED = 1000;
    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

    public record Change(long position, String type, String aggregateId) {
    }

    private final EventStore events;
    private final Deque<Change> recent = new ArrayDeque<>();
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    /** The store's head when the feed started: a client that saw less than this missed what came before it. */
    private long startPosition = Long.MAX_VALUE;
    private Thread follower;

    LiveFeed(EventStore events) {
        this.events = events;
    }

    /**
     * What a new subscriber is told: the remembered changes after its {@code Last-Event-ID} ({@code missed}, null
     * when that is older than the feed remembers), and the position up to which it has now heard of everything
     * ({@code upTo}, null while the feed has not started). A client that has not seen any change yet keeps
     * {@code upTo} as its id, so that it, too, learns on reconnecting what happened while it was away.
     */
    public record Subscription(List<Change> missed, Long upTo) {
    }

    /** Registers a listener and says what it missed (see {@link Subscription}). */
    public synchronized Subscription subscribe(Consumer<Change> listener, Long lastSeen) {
        listeners.add(listener);
        Long upTo = startPosition == Long.MAX_VALUE ? null
                : recent.isEmpty() ? Long.valueOf(startPosition) : Long.valueOf(recent.peekLast().position());
        if (lastSeen == null) {
            return new Subscription(List.of(), upTo);
        }
        long oldestKnown = recent.size() >= REMEMBERED ? recent.peekFirst().position() - 1 : startPosition;
        if (lastSeen < oldestKnown) {
            return new Subscription(null, upTo);
        }
        List<Change> missed = new ArrayList<>();
        for (Change change : recent) {
            if (change.position() > lastSeen) {
                missed.add(change);
            }
        }
        return new Subscription(missed, upTo);
    }

    public void unsubscribe(Consumer<Change> listener) {
        listeners.remove(listener);
    }

    private synchronized void publish(Change change) {
        recent.addLast(change);
        if (recent.size() > REMEMBERED) {
            recent.removeFirst();
        }
        listeners.forEach(listener -> listener.accept(change));
    }

    private void follow(TrackingToken start) {
        TrackingToken from = start;
        while (running) {
            // after a failure it reopens where it stopped, so no change is skipped
            try (BlockingStream<TrackedEventMessage<?>> stream = events.openStream(from)) {
                while (running) {
                    if (stream.hasNextAvailable(500, TimeUnit.MILLISECONDS)) {
                        TrackedEventMessage<?> event = stream.nextAvailable();
                        from = event.trackingToken();
                        publish(changeOf(event));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("the console's live feed lost the event stream ({}); reopening it", e.getClass().getName());
                sleepQuietly();
            }
        }
    }

    private static Change changeOf(TrackedEventMessage<?> event) {
        long position = event.trackingToken().position().orElse(-1);
        String aggregate = event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
        return new Change(position, event.getPayloadType().getSimpleName(), aggregate);
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void start() {
        // the head is known before the first client can connect, so every client gets a position to resume from
        TrackingToken head = events.createHeadToken();
        synchronized (this) {
            startPosition = head == null ? -1 : head.position().orElse(-1);
        }
        running = true;
        follower = new Thread(() -> follow(head), "console-live-feed");
        follower.setDaemon(true);
        follower.start();
    }

    @Override
    public void stop() {
        running = false;
        if (follower != null) {
            follower.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
