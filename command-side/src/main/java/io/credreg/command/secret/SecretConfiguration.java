package io.credreg.command.secret;

import io.credreg.platform.config.RegistryProperties;
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

    @Bean
    SecretSealer secretSealer(MasterKeyRing keys, JdbcTemplate jdbc, MasterKeyRotator verifiedFirst) {
        return new SecretSealer(keys, FingerprintKeyStore.loadOrCreate(jdbc, keys));
    }

    @Bean
    DataKeyStore dataKeyStore(JdbcTemplate jdbc, MasterKey masterKey) {
        return new DataKeyStore(jdbc, masterKey);
    }
}
