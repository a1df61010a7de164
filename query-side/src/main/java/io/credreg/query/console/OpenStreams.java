package io.credreg.query.console;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The console's open event streams, ended when the node stops. The web server's graceful shutdown waits for every
 * request in progress, and a stream lasts up to 30 minutes, so a node with a console open used to wait out the whole
 * shutdown phase (30 s) before it stopped. Its default phase stops it before the graceful shutdown begins. A page
 * whose stream ends reconnects with its {@code Last-Event-ID}, so it misses nothing.
 */
@Component
public class OpenStreams implements SmartLifecycle {

    private final Set<SseEmitter> open = new HashSet<>();
    private boolean running;

    /** Keeps the stream until it ends; one opened while the node stops is ended at once. */
    synchronized void add(SseEmitter stream) {
        if (running) {
            open.add(stream);
        } else {
            stream.complete();
        }
    }

    synchronized void remove(SseEmitter stream) {
        open.remove(stream);
    }

    @Override
    public synchronized void start() {
        running = true;
    }

    @Override
    public void stop() {
        List<SseEmitter> ending;
        synchronized (this) {
            running = false;
            ending = List.copyOf(open);
            open.clear();
        }
        ending.forEach(SseEmitter::complete);
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }
}
