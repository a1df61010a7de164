package io.credreg.query.credential;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The one setting of the recovery window (decision 0200) the query side needs: the window a deletion gets when it
 * names none, which the deletion preview announces. The same key as the command side's, so both read one value.
 *
 * @param defaultDays days a deleted credential stays restorable by default; 0 shreds at once
 */
@ConfigurationProperties("registry.credentials.recovery-window")
public record RecoveryWindowDefault(@DefaultValue("7") int defaultDays) {
}
