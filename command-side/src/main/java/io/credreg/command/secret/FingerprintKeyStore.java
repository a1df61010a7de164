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
import java.util.Optional;

/**
 * The fingerprint key, random and stored wrapped by the master key in {@code fingerprint_key} under {@link #NAME}.
 * It is not derived from anything: destroying it, or rotating to a new one ({@link FingerprintKeyRotation}), leaves
 * no way to recompute the fingerprints it made. The key registries used before (name {@link #LEGACY_NAME}) was
 * derived from the master key; it is only read to fingerprint like a registry that has not yet started with this
 * version (an import's dry run) and dropped on the first start (docs/decisions/0060).
 */
public final class FingerprintKeyStore {

    public static final String NAME = "secret-fingerprint-random";
    static final String LEGACY_NAME = "secret-fingerprint";
    private static final Logger log = LoggerFactory.getLogger(FingerprintKeyStore.class);

    private FingerprintKeyStore() {
    }

    /**
     * The fingerprint key without storing anything (an import's dry run): the random key once a start of this
     * version stored it; before that the key the registry's fingerprints were made with (also when the schema does
     * not have the table yet).
     */
    public static byte[] readOnly(JdbcTemplate jdbc, MasterKeyRing keys) {
        return stored(jdbc, keys, NAME)
                .or(() -> stored(jdbc, keys, LEGACY_NAME))
                .orElseGet(() -> keyOfExistingData(jdbc, keys).fingerprintKey());
    }

    /** A registry without data has no fingerprint to match: any key fingerprints a dry run's keys consistently. */
    public static byte[] ofEmptyRegistry(MasterKeyRing keys) {
        return Aes256Gcm.randomKey();
    }

    /** The random fingerprint key, created and stored on the first start of this version. */
    static byte[] loadOrCreate(JdbcTemplate jdbc, MasterKeyRing keys) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<byte[]> stored = stored(jdbc, keys, NAME);
            if (stored.isPresent()) {
                return stored.get();
            }
            byte[] key = Aes256Gcm.randomKey();
            try {
                jdbc.update("insert into fingerprint_key (key_name, wrapped_key, master_key_id, created_at) "
                                + "values (?, ?, ?, ?)", NAME,
                        Base64.getEncoder().encodeToString(keys.current().wrap(key, NAME)), keys.current().id(),
                        Timestamp.from(Instant.now()));
                log.info("Stored a new random fingerprint key wrapped by master key {}", keys.current().id());
                return key;
            } catch (DuplicateKeyException anotherNodeWasFirst) {
                // read theirs on the next attempt
            }
        }
        throw new IllegalStateException("could not load or store the fingerprint key");
    }

    /** Forgets every fingerprint key but the current one; the fingerprints they made match nothing any more. */
    static int dropAllButCurrent(JdbcTemplate jdbc) {
        return jdbc.update("delete from fingerprint_key where key_name <> ?", NAME);
    }

    private static Optional<byte[]> stored(JdbcTemplate jdbc, MasterKeyRing keys, String name) {
        List<Map<String, Object>> rows;
        try {
            rows = jdbc.queryForList("select wrapped_key, master_key_id from fingerprint_key where key_name = ?",
                    name);
        } catch (BadSqlGrammarException schemaOlderThanTheTable) {
            return Optional.empty();
        }
        return rows.stream().findFirst().map(row -> {
            try {
                return keys.unwrap(Base64.getDecoder().decode((String) row.get("wrapped_key")), name);
            } catch (SecretCryptoException e) {
                throw new IllegalStateException("the fingerprint key is wrapped by master key "
                        + row.get("master_key_id") + ", which this process does not hold (" + keys
                        + "); give the master key it was wrapped with as REGISTRY_PREVIOUS_MASTER_KEY", e);
            }
        });
    }

    /**
     * Fingerprints before the random key were derived from the master key that wrapped the data keys: the previous
     * one when the previous key still wraps data, the current one otherwise.
     */
    private static MasterKey keyOfExistingData(JdbcTemplate jdbc, MasterKeyRing keys) {
        return keys.previous()
                .filter(previous -> jdbc.queryForObject("select count(*) from data_key where master_key_id = ?",
                        Long.class, previous.id()) > 0)
                .orElse(keys.current());
    }
}
