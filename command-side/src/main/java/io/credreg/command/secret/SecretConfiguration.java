package io.credreg.command.secret;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;

@Configuration(proxyBeanMethods = false)
public class SecretConfiguration {

    /** The master key new keys are wrapped with. */
    @Bean
    MasterKey masterKey(@Value("${registry.master-key:}") String configured,
                        @Value("${registry.data-dir}") Path dataDir) {
        return MasterKeyLoader.load(configured, dataDir);
    }

    /** The current master key and, during a rotation, the previous one. */
    @Bean
    MasterKeyRing masterKeyRing(MasterKey masterKey,
                                @Value("${registry.previous-master-key:}") String previous,
                                @Value("${registry.data-dir}") Path dataDir) {
        return new MasterKeyRing(masterKey, MasterKeyLoader.loadPrevious(previous, dataDir));
    }

    @Bean(destroyMethod = "shutdown")
    MasterKeyRotator masterKeyRotation(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                                       MasterKeyRing keys,
                                       @Value("${registry.master-key-rotation.batch-size:200}") int batchSize) {
        MasterKeyRotator rotator = new MasterKeyRotator(jdbc, new TransactionTemplate(transactionManager), keys,
                batchSize);
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
