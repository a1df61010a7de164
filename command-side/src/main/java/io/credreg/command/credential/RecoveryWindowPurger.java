package io.credreg.command.credential;

import io.credreg.api.credential.PurgeCredential;
import io.credreg.command.infrastructure.FixedDelayPoller;
import io.credreg.command.lookup.CommandLookups;
import io.credreg.command.rule.RuleViolation;
import io.credreg.platform.ids.StrongRandom;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

import static io.credreg.api.EventMetadata.ACTOR;
import static io.credreg.api.EventMetadata.CORRELATION_ID;

/**
 * Every command node polls {@code pending_purge} for credentials whose recovery window has ended and sends each a
 * {@link PurgeCredential}. Nodes race for the same credential on purpose: the aggregate accepts the first purge (its
 * event and the destruction of the data key commit together) and refuses every later one, so exactly one
 * {@code CredentialPurged} exists however many nodes poll. A node killed between poll and purge leaves the row, and
 * the next poll of any node retries it.
 */
public class RecoveryWindowPurger extends FixedDelayPoller {

    /** Who the audit log says purged: no person asked, the window ran out. */
    static final String ACTOR_NAME = "recovery-window";

    private static final Logger log = LoggerFactory.getLogger(RecoveryWindowPurger.class);

    private final CommandLookups lookups;
    private final CommandGateway commands;
    private final RecoveryWindowProperties properties;
    private final Clock clock;
    public RecoveryWindowPurger(CommandLookups lookups, CommandGateway commands,
                                RecoveryWindowProperties properties, Clock clock) {
        super("recovery-window-purger", properties.purgeInterval());
        this.lookups = lookups;
        this.commands = commands;
        this.properties = properties;
        this.clock = clock;
    }

    /** Purges what is due now; answers how many purges this node did (the others were refused or failed). */
    public int purgeDue() {
        int purged = 0;
        for (String credentialId : lookups.purgesDue(clock.instant(), properties.purgeBatch())) {
            try {
                commands.sendAndWait(new GenericCommandMessage<>(new PurgeCredential(credentialId),
                        MetaData.with(ACTOR, ACTOR_NAME).and(CORRELATION_ID, StrongRandom.uuid().toString())));
                purged++;
                log.info("purged credential {}: its recovery window ended, its data key is destroyed", credentialId);
            } catch (RuleViolation refused) {
                // another node purged it first, or it was restored meanwhile
                log.debug("purge of credential {} refused: {}", credentialId, refused.getMessage());
            } catch (RuntimeException failed) {
                log.warn("purge of credential {} failed; the next poll retries it: {}", credentialId,
                        failed.toString());
            }
        }
        return purged;
    }

    @Override
    protected void poll() {
        purgeDue();
    }

    @Override
    protected void pollFailed(RuntimeException failed) {
        log.warn("the purge poll failed; it runs again in {}: {}", properties.purgeInterval(), failed.toString());
    }
}
