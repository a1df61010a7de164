package io.credreg.command.secret;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fingerprint key survives the move from "derived" to "stored", whichever master key the data was under. */
class FingerprintKeyStoreTest {

    private final MasterKey old = new MasterKey(bytes(1));
    private final MasterKey current = new MasterKey(bytes(2));
    private JdbcTemplate jdbc;

    @BeforeEach
    void database() {
        jdbc = new JdbcTemplate(new DriverManagerDataSource(
                "jdbc:h2:mem:fp-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""));
        // the two tables as V2 and V8 create them
        jdbc.execute("create table data_key (data_key_id varchar(64) primary key, credential_id varchar(64) not null, "
                + "wrapped_key varchar(512) not null, master_key_id varchar(64) not null, "
                + "created_at timestamp(6) with time zone not null)");
        jdbc.execute("create table fingerprint_key (key_name varchar(64) primary key, wrapped_key varchar(512) "
                + "not null, master_key_id varchar(64) not null, created_at timestamp(6) with time zone not null)");
    }

    @Test
    void theFirstStartStoresTheKeyDerivedSoFarAndLaterStartsReadIt() {
        MasterKeyRing ring = new MasterKeyRing(current, null);
        byte[] key = FingerprintKeyStore.loadOrCreate(jdbc, ring);

        // fingerprints computed before this version (derived from the master key) still match
        assertThat(key).isEqualTo(current.fingerprintKey());
        assertThat(new SecretSealer(ring, key).fingerprint("sk-same"))
                .isEqualTo(new SecretSealer(current).fingerprint("sk-same"));
        assertThat(jdbc.queryForObject("select master_key_id from fingerprint_key", String.class))
                .isEqualTo(current.id());
        assertThat(jdbc.queryForObject("select wrapped_key from fingerprint_key", String.class))
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(key));
        assertThat(FingerprintKeyStore.loadOrCreate(jdbc, ring)).isEqualTo(key);
    }

    @Test
    void anUpgradeInTheMiddleOfARotationDerivesFromTheKeyThatWrapsTheData() {
        jdbc.update("insert into data_key values (?, ?, ?, ?, ?)", "dk-1", "c-1", "wrapped", old.id(),
                Timestamp.from(Instant.now()));
        byte[] key = FingerprintKeyStore.loadOrCreate(jdbc, new MasterKeyRing(current, old));

        assertThat(key).isEqualTo(old.fingerprintKey());
        // wrapped by the current key, so the rotation has nothing left to do for it and the old key can go
        assertThat(jdbc.queryForObject("select master_key_id from fingerprint_key", String.class))
                .isEqualTo(current.id());
        assertThat(FingerprintKeyStore.loadOrCreate(jdbc, new MasterKeyRing(current, null))).isEqualTo(key);
    }

    @Test
    void aKeyWrappedByAMasterKeyNotHeldStopsTheStart() {
        FingerprintKeyStore.loadOrCreate(jdbc, new MasterKeyRing(old, null));

        assertThatThrownBy(() -> FingerprintKeyStore.loadOrCreate(jdbc, new MasterKeyRing(current, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(old.id()).hasMessageContaining("REGISTRY_PREVIOUS_MASTER_KEY");
        // with the old key as previous it opens, and a rotation can then re-wrap it
        assertThat(FingerprintKeyStore.loadOrCreate(jdbc, new MasterKeyRing(current, old)))
                .isEqualTo(old.fingerprintKey());
    }

    @Test
    void aReadOnlyLookupFindsTheStoredKeyAfterARotationAndStoresNothing() {
        byte[] stored = FingerprintKeyStore.loadOrCreate(jdbc, new MasterKeyRing(old, null));
        // the rotation re-wrapped it: the current master key would derive another key, which must not be used
        jdbc.update("update fingerprint_key set wrapped_key = ?, master_key_id = ?",
                java.util.Base64.getEncoder().encodeToString(current.wrap(stored, FingerprintKeyStore.NAME)),
                current.id());

        assertThat(FingerprintKeyStore.readOnly(jdbc, new MasterKeyRing(current, null))).isEqualTo(stored)
                .isNotEqualTo(current.fingerprintKey());
    }

    @Test
    void aReadOnlyLookupBeforeTheFirstStartDerivesLikeThatStartWouldWithoutStoringIt() {
        assertThat(FingerprintKeyStore.readOnly(jdbc, new MasterKeyRing(current, null)))
                .isEqualTo(current.fingerprintKey());
        assertThat(jdbc.queryForObject("select count(*) from fingerprint_key", Integer.class)).isZero();
        jdbc.execute("drop table fingerprint_key"); // a schema older than the table reads the same
        assertThat(FingerprintKeyStore.readOnly(jdbc, new MasterKeyRing(current, null)))
                .isEqualTo(current.fingerprintKey());
    }

    private static byte[] bytes(int seed) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) seed);
        return key;
    }
}
