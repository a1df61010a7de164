package io.credreg.command.web;

import io.credreg.command.lookup.StaleLookupException;
import io.credreg.platform.security.TokenPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.common.lock.DeadlockException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.credreg.api.EventMetadata.ACTOR;
import static io.credreg.api.EventMetadata.ANONYMOUS;
import static io.credreg.api.EventMetadata.CORRELATION_ID;

/**
 * Sends a command with the request's actor (the authenticated principal) and correlation id, and retries it when it lost a race: another command
 * appended to the same credential first (a {@link ConcurrencyException}) or claimed the same secret, name or setting
 * (a unique key violation). The retry runs the command against the winner's outcome, so it then succeeds or is
 * refused with the precise rule it breaks.
 * <p>
 * Work that runs without a request (the import, a one-shot mode without a web server) gives its metadata itself
 * through {@link #send(Object, MetaData)}: that is why the request is looked up per command, not injected.
 */
@Component
public class CommandSender {

    private static final int MAX_ATTEMPTS = 8;
    private static final Logger log = LoggerFactory.getLogger(CommandSender.class);

    private final CommandGateway gateway;
    private final ObjectProvider<HttpServletRequest> requests;

    @Autowired
    public CommandSender(CommandGateway gateway, ObjectProvider<HttpServletRequest> requests) {
        this.gateway = gateway;
        this.requests = requests;
    }

    /** With one fixed request (tests). */
    CommandSender(CommandGateway gateway, HttpServletRequest request) {
        this(gateway, new StaticListableBeanFactory(Map.of("request", request)).getBeanProvider(HttpServletRequest.class));
    }

    /** Sends with the current request's actor and correlation id; only while a request is being handled. */
    public <R> R send(Object command) {
        return send(command, requestMetaData(requests.getObject()));
    }

    /** Sends with the given metadata (actor, correlation id, ...), retrying a command that lost a race. */
    public <R> R send(Object command, MetaData metaData) {
        for (int attempt = 1; ; attempt++) {
            try {
                return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
            } catch (RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS || !lostARace(e)) {
                    throw e;
                }
                log.debug("{} lost a race (attempt {}): {}", command.getClass().getSimpleName(), attempt, e.toString());
                backOff(attempt);
            }
        }
    }

    /**
     * The actor is the authenticated token's principal (its name); a header cannot claim to be someone else.
     * {@code anonymous} only where no request authenticated.
     */
    private static MetaData requestMetaData(HttpServletRequest request) {
        String actor = TokenPrincipal.current().map(TokenPrincipal::name).orElse(ANONYMOUS);
        return MetaData.with(ACTOR, actor).and(CORRELATION_ID, request.getAttribute(CORRELATION_ID));
    }

    static boolean lostARace(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException || cause instanceof StaleLookupException
                    || cause instanceof DuplicateKeyException
                    || cause instanceof PessimisticLockingFailureException
                    || cause instanceof DeadlockException || isConstraintOrRollback(cause)) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQL state 23505 is a unique key violation, class 40 a serialization failure or deadlock: both mean another
     * transaction won. Other data errors (a value too long, say) would fail again, so they are not retried.
     */
    private static boolean isConstraintOrRollback(Throwable cause) {
        return cause instanceof SQLException sql && sql.getSQLState() != null
                && (sql.getSQLState().equals("23505") || sql.getSQLState().startsWith("40"));
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a command", e);
        }
    }
}
