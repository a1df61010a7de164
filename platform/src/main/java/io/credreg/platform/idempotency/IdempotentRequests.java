package io.credreg.platform.idempotency;

import io.credreg.platform.security.TokenPrincipal;
import io.credreg.platform.web.BufferedBodyRequest;
import io.credreg.platform.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Answers a command request that carries an {@code Idempotency-Key} (docs/decisions/0140).
 * <p>
 * One transaction holds the key's row, everything the handler's commands write (they join it through Axon's
 * {@code SpringTransactionManager}) and the recorded answer, so a crash anywhere before the commit leaves neither the
 * command nor the key, and after it both. The claim is an insert under the (caller, key) primary key, so the same key
 * on another node waits for this transaction and then replays its answer. A request that is refused (an exception, or
 * a 4xx/5xx answer) records nothing: it changed nothing, and its key stays free for the corrected request.
 */
class IdempotentRequests {

    private static final Logger log = LoggerFactory.getLogger(IdempotentRequests.class);
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final String BEARER = "Bearer ";

    /** The handler method itself, on the (replayable) request and the (buffering) response it is given. */
    @FunctionalInterface
    interface Handler {
        ModelAndView handle(HttpServletRequest request, HttpServletResponse response) throws Exception;
    }

    private final IdempotencyStore store;
    private final PlatformTransactionManager transactions;
    private final IdempotencyPolicy policy;

    IdempotentRequests(IdempotencyStore store, PlatformTransactionManager transactions, IdempotencyPolicy policy) {
        this.store = store;
        this.transactions = transactions;
        this.policy = policy;
    }

    ModelAndView handle(HttpServletRequest request, HttpServletResponse response, Handler handler) throws Exception {
        List<String> headers = Collections.list(request.getHeaders(IdempotencyKeys.HEADER));
        if (headers.size() > 1) {
            throw new IdempotencyRefusal(HttpStatus.BAD_REQUEST, null,
                    "send one Idempotency-Key header, not " + headers.size(), null);
        }
        String key = IdempotencyKeys.parse(headers.get(0));
        Optional<TokenPrincipal> caller = TokenPrincipal.current();
        String bearer = bearerOf(request);
        if (caller.isEmpty() || bearer == null) {
            // nothing to scope the key to (an endpoint open to anyone): the key has no meaning here
            return handler.handle(request, response);
        }
        AnswerSeal seal = AnswerSeal.derive(bearer, caller.get().tokenId(), key);
        byte[] body = request.getInputStream().readAllBytes();
        HttpServletRequest replayable = new BufferedBodyRequest(request, body);
        String mac = seal.requestMac(request.getMethod(), pathAndQuery(request), body);

        for (int attempt = 1; ; attempt++) {
            Optional<ModelAndView> answered = attempt(key, seal, mac, replayable, response, handler,
                    attempt < policy.maxAttempts());
            if (answered.isPresent()) {
                return answered.get().isEmpty() ? null : answered.get();
            }
            pause(policy.backoffMillis(attempt));
        }
    }

    /** The answer of one attempt; empty when it lost a race and may run again. */
    private Optional<ModelAndView> attempt(String key, AnswerSeal seal, String mac, HttpServletRequest request,
                                           HttpServletResponse response, Handler handler, boolean mayRetry)
            throws Exception {
        TransactionStatus transaction = transactions.getTransaction(
                new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_REQUIRES_NEW));
        IdempotentExecution.begin();
        try {
            boolean claimed;
            try {
                claimed = store.claim(seal.scope(), seal.keyHash(), mac, Instant.now());
            } catch (TransientDataAccessException stillHeld) {
                // H2: the other request held the key for longer than the lock timeout; it answers, or will
                transactions.rollback(transaction);
                return replay(key, seal, mac, response, false);
            }
            if (!claimed) {
                transactions.rollback(transaction);
                return replay(key, seal, mac, response, mayRetry);
            }
            ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
            ModelAndView result = handler.handle(request, buffered);
            if (transaction.isRollbackOnly()) {
                // a command inside failed and the handler went on (a rotation that found its version taken): the
                // transaction cannot commit, so the request runs again from the start
                throw new RolledBackInside();
            }
            int status = buffered.getStatus();
            if (status < 400) {
                store.record(seal.scope(), seal.keyHash(), status,
                        seal.seal(status, recorded(buffered).encode()));
            } else {
                store.release(seal.scope(), seal.keyHash());
            }
            transactions.commit(transaction);
            buffered.copyBodyToResponse();
            return Optional.of(result == null ? new ModelAndView() : result);
        } catch (Exception failure) {
            if (!transaction.isCompleted()) {
                rollBackKeeping(failure, transaction);
            }
            if (IdempotentExecution.anyCommandCompleted()) {
                policy.discardStateOfRolledBackCommands();
            }
            boolean lostRace = failure instanceof RolledBackInside || policy.retryable(failure);
            if (lostRace && mayRetry) {
                log.debug("A request with an idempotency key lost a race; running it again ({})", failure.toString());
                return Optional.empty();
            }
            if (failure instanceof RolledBackInside) {
                throw new IdempotencyRefusal(HttpStatus.CONFLICT, ProblemType.CONCURRENT_MODIFICATION,
                        "the resource kept changing under concurrent requests; retry the request", null);
            }
            throw failure;
        } finally {
            IdempotentExecution.end();
        }
    }

    /**
     * A rollback that fails (the connection went away with the database) must not hide the failure that called for it:
     * that one says what happened, and the database drops the transaction of a lost connection by itself.
     */
    private void rollBackKeeping(Exception failure, TransactionStatus transaction) {
        try {
            transactions.rollback(transaction);
        } catch (RuntimeException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    /** Another request holds the key: its committed answer, a 422 for another request, or empty to try again. */
    private Optional<ModelAndView> replay(String key, AnswerSeal seal, String mac, HttpServletResponse response,
                                          boolean mayRetry) throws IOException {
        Optional<IdempotencyStore.Recorded> found = store.find(seal.scope(), seal.keyHash());
        if (found.isPresent() && !found.get().requestMac().equals(mac)) {
            throw IdempotencyRefusal.reused(key);
        }
        if (found.isEmpty() || found.get().status() == null) {
            // not committed yet (H2 refuses a duplicate of an uncommitted row at once) or rolled back meanwhile
            if (mayRetry) {
                return Optional.empty();
            }
            throw IdempotencyRefusal.inProgress(key);
        }
        IdempotencyStore.Recorded recorded = found.get();
        RecordedAnswer answer;
        try {
            answer = RecordedAnswer.decode(seal.open(recorded.status(), recorded.nonce(), recorded.answer()));
        } catch (GeneralSecurityException altered) {
            throw new IllegalStateException("the recorded answer of an idempotency key does not open", altered);
        }
        response.setStatus(recorded.status());
        answer.headers().forEach(header -> response.setHeader(header.name(), header.value()));
        response.setHeader(REPLAYED_HEADER, "true");
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
        return Optional.of(new ModelAndView());
    }

    private static RecordedAnswer recorded(ContentCachingResponseWrapper response) {
        List<RecordedAnswer.Header> headers = new ArrayList<>();
        for (String name : RecordedAnswer.REPLAYED_HEADERS) {
            String value = name.equals("Content-Type") ? response.getContentType() : response.getHeader(name);
            if (value != null) {
                headers.add(new RecordedAnswer.Header(name, value));
            }
        }
        return new RecordedAnswer(headers, response.getContentAsByteArray());
    }

    private static String bearerOf(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).strip() : null;
    }

    private static String pathAndQuery(HttpServletRequest request) {
        return request.getQueryString() == null ? request.getRequestURI()
                : request.getRequestURI() + "?" + request.getQueryString();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to run a request again", e);
        }
    }

    /** The transaction was marked for rollback by a command the handler recovered from. */
    private static final class RolledBackInside extends RuntimeException {
        RolledBackInside() {
            super("a command inside the request's transaction failed", null, false, false);
        }
    }
}
