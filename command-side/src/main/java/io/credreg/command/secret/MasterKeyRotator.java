package io.credreg.command.secret;

import io.credreg.command.admin.MasterKeyRotation;
import io.credreg.command.admin.RotationStatus;
import io.credreg.platform.concurrent.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Re-wraps every data key (and the fingerprint key) that the previous master key wraps under the current one, in
 * small transactions, on a thread of its own, while requests are served:
 *
 * <ul>
 *   <li>new keys are wrapped by the current master key from the moment the process starts with it;</li>
 *   <li>a reader unwraps with whichever of the two keys opens the row, so a row re-wrapped under its feet still
 *       opens;</li>
 *   <li>each update is conditional on the row still being wrapped by the previous key, so a key destroyed meanwhile
 *       (credential deleted, secret rotated) is never written back: destroyed keys stay destroyed;</li>
 *   <li>the data key itself never changes, so no envelope in any event changes either.</li>
 * </ul>
 *
 * Several command nodes may run it at once: the conditional updates make the work idempotent.
 */
public class MasterKeyRotator implements MasterKeyRotation {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyRotator.class);
    private static final Base64.Decoder DECODER = Base64.getDecoder();
    private static final Base64.Encoder ENCODER = Base64.getEncoder();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final MasterKeyRing keys;
    private final int batchSize;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(DaemonThreads.named("master-key-rotation"));
    private final AtomicLong rewrapped = new AtomicLong();
    private volatile String state = "idle";
    private volatile String lastError;

    public MasterKeyRotator(JdbcTemplate jdbc, TransactionTemplate transactions, MasterKeyRing keys, int batchSize) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.keys = keys;
        this.batchSize = batchSize;
    }

    /**
     * Refuses to start a process whose master keys cannot open every stored key: that means the previous key was
     * dropped before a rotation finished, and every secret it still wraps would be lost.
     */
    public void verifyEveryKeyIsHeld() {
        List<Map<String, Object>> byMasterKey = jdbc.queryForList(
                "select master_key_id, count(*) as n from data_key group by master_key_id");
        for (Map<String, Object> row : byMasterKey) {
            String id = (String) row.get("master_key_id");
            if (keys.byId(id).isEmpty()) {
                throw new IllegalStateException(((Number) row.get("n")).longValue() + " data keys are wrapped by "
                        + "master key " + id + ", which this process does not hold (" + keys + "). Start with that "
                        + "key as REGISTRY_PREVIOUS_MASTER_KEY (or " + MasterKeyLoader.PREVIOUS_KEY_FILE + ") and "
                        + "finish the master key rotation before dropping it.");
            }
        }
    }

    @Override
    public synchronized RotationStatus start() {
        if (keys.previous().isEmpty()) {
            throw new NoPreviousKeyException("no previous master key is configured: start the command side with the "
                    + "new key as REGISTRY_MASTER_KEY and the old one as REGISTRY_PREVIOUS_MASTER_KEY, then rotate");
        }
        if (!"running".equals(state)) {
            state = "running";
            lastError = null;
            rewrapped.set(0);
            worker.submit(this::run);
        }
        return status();
    }

    private void run() {
        MasterKey previous = keys.previous().orElseThrow();
        long started = System.nanoTime();
        log.info("Master key rotation started: re-wrapping keys of master key {} under {}", previous.id(),
                keys.current().id());
        try {
            rewrapFingerprintKey(previous);
            int done;
            do {
                done = transactions.execute(tx -> rewrapBatch(previous));
            } while (done > 0);
            state = "done";
            log.info("Master key rotation done: {} keys re-wrapped in {} ms; {} keys remain under other master keys",
                    rewrapped.get(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), remaining());
        } catch (RuntimeException e) {
            lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            state = "failed";
            log.error("Master key rotation failed after {} keys; start it again to resume", rewrapped.get(), e);
        }
    }

    /** One small transaction: the next batch of keys still wrapped by the previous master key. */
    private int rewrapBatch(MasterKey previous) {
        List<Map<String, Object>> batch = jdbc.queryForList("select data_key_id, wrapped_key from data_key "
                + "where master_key_id = ? order by data_key_id limit " + batchSize, previous.id());
        int changed = 0;
        for (Map<String, Object> row : batch) {
            String dataKeyId = (String) row.get("data_key_id");
            String rewrapped = rewrap(previous, (String) row.get("wrapped_key"), dataKeyId);
            changed += jdbc.update("update data_key set wrapped_key = ?, master_key_id = ? "
                    + "where data_key_id = ? and master_key_id = ?", rewrapped, keys.current().id(), dataKeyId,
                    previous.id());
        }
        rewrapped.addAndGet(changed);
        // a row deleted meanwhile is simply gone; the loop ends when no row under the previous key is left
        return batch.size();
    }

    private void rewrapFingerprintKey(MasterKey previous) {
        transactions.executeWithoutResult(tx -> jdbc.queryForList(
                "select wrapped_key from fingerprint_key where key_name = ? and master_key_id = ?", String.class,
                FingerprintKeyStore.NAME, previous.id()).forEach(wrapped -> {
            int changed = jdbc.update("update fingerprint_key set wrapped_key = ?, master_key_id = ? "
                            + "where key_name = ? and master_key_id = ?",
                    rewrap(previous, wrapped, FingerprintKeyStore.NAME), keys.current().id(),
                    FingerprintKeyStore.NAME, previous.id());
            rewrapped.addAndGet(changed);
        }));
    }

    private String rewrap(MasterKey previous, String wrapped, String keyId) {
        byte[] key = previous.unwrap(DECODER.decode(wrapped), keyId);
        try {
            return ENCODER.encodeToString(keys.current().wrap(key, keyId));
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }

    private long remaining() {
        return status().remaining();
    }

    @Override
    public RotationStatus status() {
        String current = keys.current().id();
        long dataKeys = jdbc.queryForObject("select count(*) from data_key", Long.class);
        long dataKeysRemaining = jdbc.queryForObject("select count(*) from data_key where master_key_id <> ?",
                Long.class, current);
        boolean fingerprintRemaining = jdbc.queryForObject(
                "select count(*) from fingerprint_key where master_key_id <> ?", Long.class, current) > 0;
        return new RotationStatus(state, current, keys.previous().map(MasterKey::id).orElse(null), dataKeys,
                dataKeysRemaining, fingerprintRemaining, dataKeysRemaining + (fingerprintRemaining ? 1 : 0),
                rewrapped.get(), lastError);
    }

    /** Stops the worker with the application; an interrupted rotation resumes where it stopped when started again. */
    public void shutdown() {
        worker.shutdownNow();
    }
}
