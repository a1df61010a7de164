package io.credreg.command.secret;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The fingerprint key, stored wrapped by the master key in {@code fingerprint_key}. It used to be derived from the
 * master key; the first start of this version stores the key derived so far, so fingerprints already in events and
 * in {@code secret_fingerprint} keep matching, and from then on a master key rotation only re-wraps it.
 */
public final class FingerprintKeyStore {

    static final String NAME = "secret-fingerprint";
    private static final Logger log = LoggerFactory.getLogger(FingerprintKeyStore.class);

    private FingerprintKeyStore() {
    }

    /**
     * The fingerprint key without storing anything (an import's dry run): the stored one, or before a first start
     * of this version stored it (also when the schema does not have the table yet) the one that start would store.
     */
    public static byte[] readOnly(JdbcTemplate jdbc, MasterKeyRing keys) {
        List<String> wrapped;
        try {
            wrapped = jdbc.queryForList("select wrapped_key from fingerprint_key where key_name = ?", String.class,
                    NAME);
        } catch (BadSqlGrammarException schemaOlderThanTheTable) {
            wrapped = List.of();
        }
        return wrapped.stream().findFirst()
                .map(key -> keys.unwrap(Base64.getDecoder().decode(key), NAME))
                .orElseGet(() -> keyOfExistingData(jdbc, keys).fingerprintKey());
    }

    /** The fingerprint key a registry without any data will store on its first start. */
    public static byte[] ofEmptyRegistry(MasterKeyRing keys) {
        return keys.current().fingerprintKey();
    }

    /** The fingerprint key, created on first start from the master key that wrapped the existing data keys. */
    static byte[] loadOrCreate(JdbcTemplate jdbc, MasterKeyRing keys) {
        for (int attempt = 0; attempt < 3; attempt++) {
            List<Map<String, Object>> rows = jdbc.queryForList(
                    "select wrapped_key, master_key_id from fingerprint_key where key_name = ?", NAME);
            if (!rows.isEmpty()) {
                String wrapped = (String) rows.get(0).get("wrapped_key");
                try {
                    return keys.unwrap(Base64.getDecoder().decode(wrapped), NAME);
                } catch (SecretCryptoException e) {
                    throw new IllegalStateException("the fingerprint key is wrapped by master key "
                            + rows.get(0).get("master_key_id") + ", which this process does not hold (" + keys
                            + "); give the master key it was wrapped with as REGISTRY_PREVIOUS_MASTER_KEY", e);
                }
            }
            MasterKey derivedFrom = keyOfExistingData(jdbc, keys);
            byte[] key = derivedFrom.fingerprintKey();
            try {
                jdbc.update("insert into fingerprint_key (key_name, wrapped_key, master_key_id, created_at) "
                                + "values (?, ?, ?, ?)", NAME,
                        Base64.getEncoder().encodeToString(keys.current().wrap(key, NAME)), keys.current().id(),
                        Timestamp.from(Instant.now()));
                log.info("Stored the fingerprint key (derived from master key {}) wrapped by master key {}",
                        derivedFrom.id(), keys.current().id());
                return key;
            } catch (DuplicateKeyException anotherNodeWasFirst) {
                // read theirs on the next attempt
            }
        }
        throw new IllegalStateException("could not load or store the fingerprint key");
    }

    /**
     * Fingerprints so far were derived from the master key that wrapped the data keys: the previous one when this
     * process starts in the middle of a rotation and the previous key still wraps data, the current one otherwise.
     */
    private static MasterKey keyOfExistingData(JdbcTemplate jdbc, MasterKeyRing keys) {
        return keys.previous()
                .filter(previous -> jdbc.queryForObject("select count(*) from data_key where master_key_id = ?",
                        Long.class, previous.id()) > 0)
                .orElse(keys.current());
    }
}
