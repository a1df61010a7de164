package io.credreg.command.resolution;

import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialRestored;
import io.credreg.api.credential.CredentialSecretRotated;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/**
 * Fills {@code credential_secret} for the credentials created before it existed, before the web server takes a
 * request. Every active credential holds a data key, so the credentials missing from the table are found without
 * scanning the event store; each is replayed through the same handlers that keep the table, in its own transaction.
 * Run again, it finds nothing to do. Deleted credentials need no row: their settings answer 410 from
 * {@code deleted_setting_holder}.
 */
@Component
class ResolutionStateBackfill implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ResolutionStateBackfill.class);

    private final JdbcTemplate jdbc;
    private final EventStore events;
    private final CredentialSecretTable table;
    private final TransactionTemplate transactions;

    ResolutionStateBackfill(JdbcTemplate jdbc, EventStore events, CredentialSecretTable table,
                            PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.events = events;
        this.table = table;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Override
    public void afterSingletonsInstantiated() {
        int filled = run();
        if (filled > 0) {
            log.info("Filled the resolution state of {} existing credentials", filled);
        }
    }

    int run() {
        List<String> missing = jdbc.queryForList("select distinct k.credential_id from data_key k where not exists "
                + "(select 1 from credential_secret c where c.credential_id = k.credential_id)", String.class);
        missing.forEach(credentialId -> transactions.executeWithoutResult(status -> fill(credentialId)));
        return missing.size();
    }

    private void fill(String credentialId) {
        if (table.holds(credentialId)) {
            return; // another node filled it meanwhile
        }
        // every event from the first: a snapshot would hide the creation and the rotations before it
        events.readEvents(credentialId, 0).asStream().map(event -> event.getPayload()).forEach(payload -> {
            if (payload instanceof CredentialCreated created) {
                table.on(created);
            } else if (payload instanceof CredentialSecretRotated rotated) {
                table.on(rotated);
            } else if (payload instanceof CredentialDeleted deleted) {
                table.on(deleted);
            } else if (payload instanceof CredentialRestored restored) {
                table.on(restored);
            }
        });
    }
}
