package io.credreg.query.console;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code GET /api/stream}: server-sent events, one per change, with the event's position as its id so a client
 * that reconnects with {@code Last-Event-ID} resumes where it left off. A {@code reload} event says the client
 * missed more than the feed remembers.
 */
@RestController
class StreamController {

    private static final Duration LIFETIME = Duration.ofMinutes(30);

    private final LiveFeed feed;
    private final OpenStreams streams;

    StreamController(LiveFeed feed, OpenStreams streams) {
        this.feed = feed;
        this.streams = streams;
    }

    @GetMapping(path = "/api/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@RequestHeader(name = "Last-Event-ID", required = false) Long lastEventId) throws IOException {
        SseEmitter emitter = new SseEmitter(LIFETIME.toMillis());
        Consumer<LiveFeed.Change> listener = change -> send(emitter, change);
        Runnable ended = () -> {
            feed.unsubscribe(listener);
            streams.remove(emitter);
        };
        emitter.onCompletion(ended);
        emitter.onTimeout(ended);
        emitter.onError(error -> ended.run());
        LiveFeed.Subscription subscription = feed.subscribe(listener, lastEventId);
        if (subscription.missed() == null) {
            emitter.send(SseEmitter.event().name("reload").data("{}", MediaType.APPLICATION_JSON));
        } else {
            subscription.missed().forEach(change -> send(emitter, change));
        }
        // an id without data: the client's Last-Event-ID from now on, even if no change comes before it reconnects
        SseEmitter.SseEventBuilder connected = SseEmitter.event().comment("connected");
        if (subscription.upTo() != null && (lastEventId == null || subscription.missed() == null)) {
            connected = SseEmitter.event().id(Long.toString(subscription.upTo())).comment("connected");
        }
        emitter.send(connected);
        streams.add(emitter);
        return emitter;
    }

    private void send(SseEmitter emitter, LiveFeed.Change change) {
        try {
            emitter.send(SseEmitter.event().id(Long.toString(change.position())).name("change")
                    .data(change, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        }
    }
}
