package io.credreg.platform.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * The settings both applications read at the top of {@code registry.*}: where the data directory is (the bootstrap
 * admin token, and on the command side the generated master key, live there) and the bootstrap admin token. The one
 * place {@code registry.data-dir} is read. The admin token is a secret: {@link #toString()} never shows it.
 *
 * @param dataDir    directory for files the registry generates on first start ({@code REGISTRY_DATA_DIR})
 * @param adminToken the bootstrap admin token; when empty, one is generated into the data directory on first start
 */
@ConfigurationProperties("registry")
public record RegistryProperties(@DefaultValue("./data") Path dataDir, @DefaultValue("") String adminToken) {

    @Override
    public String toString() {
        return "RegistryProperties[dataDir=" + dataDir + ", adminToken=" + (adminToken.isEmpty() ? "" : "***") + "]";
    }
}
