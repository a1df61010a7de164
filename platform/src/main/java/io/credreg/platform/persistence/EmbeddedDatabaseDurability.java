package io.credreg.platform.persistence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;

import java.util.OptionalInt;

/**
 * Makes an embedded H2 file database write each commit to its file before the commit returns (decision 0240). H2's
 * own default keeps commits in memory for up to 500 ms ({@code WRITE_DELAY}): a {@code kill -9} in that window loses
 * commands already answered and resolutions whose secret already left, which the registry promises never happens.
 * A URL that sets {@code WRITE_DELAY} itself is left as it is, with a warning when it delays.
 */
public class EmbeddedDatabaseDurability implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseDurability.class);

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof DataSourceProperties properties) {
            writeEachCommit(properties);
        }
        return bean;
    }

    static void writeEachCommit(DataSourceProperties properties) {
        H2FileDatabase database = H2FileDatabase.of(properties.getUrl());
        if (database == null) {
            return;
        }
        properties.setUrl(database.writingEachCommit().url());
        OptionalInt delay = database.writeDelay();
        if (delay.isPresent() && delay.getAsInt() > 0) {
            log.warn("The embedded database's URL sets WRITE_DELAY={}: a crash loses what was committed, and already "
                    + "answered, in the last {} ms. Remove the setting to write each commit before answering.",
                    delay.getAsInt(), delay.getAsInt());
        }
    }
}
