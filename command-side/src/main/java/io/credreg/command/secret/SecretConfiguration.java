package io.credreg.command.secret;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;

@Configuration(proxyBeanMethods = false)
public class SecretConfiguration {

    @Bean
    MasterKey masterKey(@Value("${registry.master-key:}") String configured,
                        @Value("${registry.data-dir}") Path dataDir) {
        return MasterKeyLoader.load(configured, dataDir);
    }

    @Bean
    SecretSealer secretSealer(MasterKey masterKey) {
        return new SecretSealer(masterKey);
    }

    @Bean
    DataKeyStore dataKeyStore(JdbcTemplate jdbc, MasterKey masterKey) {
        return new DataKeyStore(jdbc, masterKey);
    }
}
