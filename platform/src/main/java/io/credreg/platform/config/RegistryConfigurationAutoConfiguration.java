package io.credreg.platform.config;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Binds the settings both applications share, whether or not they run a web server (the import mode does not). */
@AutoConfiguration
@EnableConfigurationProperties(RegistryProperties.class)
public class RegistryConfigurationAutoConfiguration {
}
