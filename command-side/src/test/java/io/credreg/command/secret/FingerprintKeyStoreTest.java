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

/** The fingerprint key is random and stored; the key once derived from the master key is only read, then dropped. */
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
    void theFirstStartStoresARandomKeyNotDerivedFromTheMasterKeyAndLaterStartsReadIt() {
        MasterKeyRing ring = new MasterKeyRing(current, null);
        byte[] key = FingerprintKeyStore.loadOrCreate(jdbc, ring);

        assertThat(key).hasSize(32).isNotEqualTo(current.fingerprintKey());
        assertThat(FingerprintKeyStore.loadOrCreate(jdbc, new MasterKeyRing(new MasterKey(bytes(2)), null)))
                .as("another registry with the same master key").isEqualTo(key);
        assertThat(jdbc.queryForObject("select key_name from fingerprint_key", String.class))
                .isEqualTo(FingerprintKeyStore.NAME);
        assertThat(jdbc.queryForObject("select master_key_id from fingerprint_key", String.class))
                .isEqualTo(current.id());
        assertThat(jdbc.queryForObject("select wrapped_key from fingerprint_key", String.class))
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(key));
    }

    @Test
    void twoRegistriesOfOneMasterKeyFingerprintDifferently() {
        JdbcTemplate first = jdbc;
        byte[] one = FingerprintKeyStore.loadOrCreate(first, new MasterKeyRing(current, null));
        database();
        byte[] two = FingerprintKeyStore.loadOrCreate(jdbc, new MasterKeyRing(current, null));

        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void aKeyWrappedByAMasterKeyNotHeldStopsTheStart() {
        byte[] stored = FingerprintKeyStore.loadOrCreate(jdbc, new MasterKeyRing(old, null));

        assertThatThrownBy(() -> FingerprintKeyStore.loadOrCreate(jdbc, new MasterKeyRing(current, null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(old.id()).hasMessageContaining("REGISTRY_PREVIOUS_MASTER_KEY");
        // with the old key as previous it opens, and a rotation can then re-wrap it
        assertThat(FingerprintKeyStore.loadOrCreate(jdbc, new MasterKeyRing(current, old))).isEqualTo(stored);
    }

    @Test
    void everyKeyButTheCurrentOneIsDropped() {
        storeLegacy(old);
        byte[] key = FingerprintKeyStore.loadOrCreate(jdbc, new MasterKeyRing(current, null));

        assertThat(FingerprintKeyStore.dropAllButCurrent(jdbc)).isEqualTo(1);
        assertThat(jdbc.queryForList("select key_name from fingerprint_key", String.class))
                .containsExactly(FingerprintKeyStore.NAME);
        assertThat(FingerprintKeyStore.readOnly(jdbc, new MasterKeyRing(current, null))).isEqualTo(key);
    }

    @Test
    void aReadOnlyLookupBeforeTheFirstStartFingerprintsAsTheStoredDerivedKeyDid() {
        storeLegacy(old);

        assertThat(FingerprintKeyStore.readOnly(jdbc, new MasterKeyRing(current, old)))
                .isEqualTo(old.fingerprintKey());
        assertThat(jdbc.queryForObject("select count(*) from fingerprint_key", Integer.class)).isOne();
    }

    @Test
    void aReadOnlyLookupOfAnOlderRegistryDerivesLikeItDidWithoutStoringAnything() {
        assertThat(FingerprintKeyStore.readOnly(jdbc, new MasterKeyRing(current, null)))
                .isEqualTo(current.fingerprintKey());
        assertThat(jdbc.queryForObject("select count(*) from fingerprint_key", Integer.class)).isZero();
        jdbc.execute("drop table fingerprint_key"); // a schema older than the table reads the same
        assertThat(FingerprintKeyStore.readOnly(jdbc, new MasterKeyRing(current, null)))
                .isEqualTo(current.fingerprintKey());
    }

    /** The key registries before 0060 stored on first start: derived from the master key, wrapped by it. */
    private void storeLegacy(MasterKey master) {
        jdbc.update("insert into fingerprint_key values (?, ?, ?, ?)", FingerprintKeyStore.LEGACY_NAME,
                java.util.Base64.getEncoder().encodeToString(master.wrap(master.fingerprintKey(),
                        FingerprintKeyStore.LEGACY_NAME)), master.id(), Timestamp.from(Instant.now()));
    }

    private static byte[] bytes(int seed) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) seed);
        return key;
    }
}
