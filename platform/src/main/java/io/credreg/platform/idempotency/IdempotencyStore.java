package io.credreg.platform.idempotency;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code idempotency_key} table (V33, V34). Every statement runs on the connection of the caller's transaction:
 * the claim, the command's events and the recorded answer commit together or not at all.
 */
public class IdempotencyStore {

    private final JdbcTemplate jdbc;

    public IdempotencyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What a committed key holds; {@code status} is null only for a claim that has not been answered yet. */
    record Recorded(String requestMac, Integer status, String nonce, byte[] answer) {
    }

    /**
     * Claims the key for this request. False when another request holds it: on PostgreSQL the insert waited for that
     * request's transaction and the caller's transaction is now unusable, so the caller rolls it back before reading.
     */
    boolean claim(String scope, String keyHash, String requestMac, Instant now) {
        try {
            jdbc.update("insert into idempotency_key (scope, key_hash, request_mac, created_at) values (?, ?, ?, ?)",
                    scope, keyHash, requestMac, Timestamp.from(now));
            return true;
        } catch (DuplicateKeyException taken) {
            return false;
        }
    }

    Optional<Recorded> find(String scope, String keyHash) {
        List<Recorded> found = jdbc.query(
                "select request_mac, status, nonce, answer from idempotency_key where scope = ? and key_hash = ?",
                (rs, row) -> new Recorded(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3),
                        rs.getBytes(4)), scope, keyHash);
        return found.stream().findFirst();
    }

    /** Records the sealed answer of a claimed key, in the transaction that claimed it. */
    public void record(String scope, String keyHash, int status, AnswerSeal.Sealed answer) {
        jdbc.update("update idempotency_key set status = ?, nonce = ?, answer = ? where scope = ? and key_hash = ?",
                status, answer.nonce(), answer.ciphertext(), scope, keyHash);
    }

    /** Gives a claimed key back, for an answer that is not recorded (the caller's transaction still commits). */
    void release(String scope, String keyHash) {
        jdbc.update("delete from idempotency_key where scope = ? and key_hash = ?", scope, keyHash);
    }

    /** Forgets keys claimed before {@code cutoff}. One statement: several nodes may run it at once. */
    public int purgeClaimedBefore(Instant cutoff) {
        return jdbc.update("delete from idempotency_key where created_at < ?", Timestamp.from(cutoff));
    }
}
