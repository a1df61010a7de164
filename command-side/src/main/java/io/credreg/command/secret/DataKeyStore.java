package io.credreg.command.secret;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Wrapped data keys, one per secret version. Destroying a row makes its ciphertext undecryptable for good, while the
 * events that carry that ciphertext stay readable history.
 */
public class DataKeyStore {

    private final JdbcTemplate jdbc;
    private final MasterKey masterKey;

    public DataKeyStore(JdbcTemplate jdbc, MasterKey masterKey) {
        this.jdbc = jdbc;
        this.masterKey = masterKey;
    }

    public void store(String dataKeyId, String credentialId, String wrappedDataKey) {
        jdbc.update("insert into data_key (data_key_id, credential_id, wrapped_key, master_key_id, created_at) "
                        + "values (?, ?, ?, ?, ?)",
                dataKeyId, credentialId, wrappedDataKey, masterKey.id(), Timestamp.from(Instant.now()));
    }

    public Optional<String> wrappedKey(String dataKeyId) {
        List<String> found = jdbc.queryForList("select wrapped_key from data_key where data_key_id = ?",
                String.class, dataKeyId);
        return found.stream().findFirst();
    }

    public void destroy(String dataKeyId) {
        jdbc.update("delete from data_key where data_key_id = ?", dataKeyId);
    }

    public void destroyAllOf(String credentialId) {
        jdbc.update("delete from data_key where credential_id = ?", credentialId);
    }
}
