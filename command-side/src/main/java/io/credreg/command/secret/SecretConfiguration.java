package io.credreg.command.secret;

import io.credreg.platform.config.RegistryProperties;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
public class SecretConfiguration {

    /** The master key new keys are wrapped with. */
    @Bean
    MasterKey masterKey(MasterKeyProperties keys, RegistryProperties registry) {
        return MasterKeyLoader.load(keys.masterKey(), registry.dataDir());
    }

    /** The current master key and, during a rotation, the previous one. */
    @Bean
    MasterKeyRing masterKeyRing(MasterKey masterKey, MasterKeyProperties keys, RegistryProperties registry) {
        return new MasterKeyRing(masterKey, MasterKeyLoader.loadPrevious(keys.previousMasterKey(), registry.dataDir()));
    }

    @Bean(destroyMethod = "shutdown")
    MasterKeyRotator masterKeyRotation(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                                       MasterKeyRing keys, MasterKeyProperties settings) {
        MasterKeyRotator rotator = new MasterKeyRotator(jdbc, new TransactionTemplate(transactionManager), keys,
                settings.masterKeyRotation().batchSize());
        rotator.verifyEveryKeyIsHeld();
        return rotator;
    }

    /** Ready once every stored fingerprint is under the current fingerprint key and no other key is kept. */
    @Bean
    SecretSealer secretSealer(MasterKeyRing keys, JdbcTemplate jdbc, MasterKeyRotator verifiedFirst,
                              EventStore events, PlatformTransactionManager transactionManager) {
        SecretSealer sealer = new SecretSealer(keys, FingerprintKeyStore.loadOrCreate(jdbc, keys));
        new FingerprintKeyRotation(jdbc, new TransactionTemplate(transactionManager), events).run(sealer);
        return sealer;
    }

    @Bean
    DataKeyStore dataKeyStore(JdbcTemplate jdbc, MasterKey masterKey) {
        return new DataKeyStore(jdbc, masterKey);
    }
}
