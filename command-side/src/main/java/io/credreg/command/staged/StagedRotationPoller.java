package io.credreg.command.staged;

import io.credreg.api.credential.PromoteCredentialSecret;
import io.credreg.api.credential.PromotionTrigger;
import io.credreg.api.credential.RetireSecretVersion;
import io.credreg.api.credential.StagedPromotion;
import io.credreg.command.credential.CredentialDeletedException;
import io.credreg.command.credential.StagedRotationProperties;
import io.credreg.command.infrastructure.FixedDelayPoller;
import io.credreg.platform.ids.StrongRandom;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.credreg.api.EventMetadata.ACTOR;
import static io.credreg.api.EventMetadata.CORRELATION_ID;

/**
 * The due work of staged rotation (decision 0210), on every command node: promotes a pending version whose time has
 * come ({@code after}) or that every bound setting has resolved ({@code when-all-resolved}), and retires a previous
 * version whose grace has ended. Nodes may find the same work at once; each sends its command naming the version,
 * the credential's stream serializes them, and the aggregate acts on the first only: exactly one promotion, one
 * retirement, whatever the number of nodes.
 */
@Component
public class StagedRotationPoller extends FixedDelayPoller {

    /** The actor of the commands the poller sends. */
    public static final String ACTOR_NAME = "staged-rotation";

    private static final Logger log = LoggerFactory.getLogger(StagedRotationPoller.class);

    private static final String DUE = "select v.credential_id, v.secret_version, v.stage, v.promotion "
            + "from secret_version_state v where (v.stage = 'PREVIOUS' and v.due_at <= ?) "
            + "or (v.stage = 'PENDING' and v.promotion = 'AFTER' and v.due_at <= ?) "
            + "or (v.stage = 'PENDING' and v.promotion = 'WHEN_ALL_RESOLVED' "
            + "and exists (select 1 from setting_slot s where s.credential_id = v.credential_id) "
            + "and not exists (select 1 from setting_slot s where s.credential_id = v.credential_id "
            + "and not exists (select 1 from pending_resolution r where r.credential_id = s.credential_id "
            + "and r.secret_version = v.secret_version and r.instance_id = s.instance_id "
            + "and r.setting_key = s.setting_key)))";

    /** One piece of due work. */
    record Due(String credentialId, int secretVersion, String stage, String promotion) {
    }

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;

    public StagedRotationPoller(JdbcTemplate jdbc, CommandGateway commands, StagedRotationProperties settings) {
        super("staged-rotation", settings.pollInterval());
        this.jdbc = jdbc;
        this.commands = commands;
    }

    /** Acts on everything due now; answers how many pieces of work it found. */
    public int pollOnce() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Due> due = jdbc.query(DUE, (row, n) -> new Due(row.getString(1), row.getInt(2), row.getString(3),
                row.getString(4)), now, now);
        for (Due work : due) {
            try {
                commands.sendAndWait(new GenericCommandMessage<>(command(work), MetaData.from(Map.of(
                        ACTOR, ACTOR_NAME, CORRELATION_ID, StrongRandom.uuid().toString()))));
            } catch (CredentialDeletedException gone) {
                log.debug("Staged rotation: credential {} was deleted meanwhile", work.credentialId());
            } catch (RuntimeException failed) {
                log.warn("Staged rotation: {} of version {} of credential {} failed, retried at the next poll: {}",
                        StagedSecretTable.PENDING.equals(work.stage()) ? "promotion" : "retirement",
                        work.secretVersion(), work.credentialId(), failed.toString());
            }
        }
        return due.size();
    }

    private static Object command(Due work) {
        if (StagedSecretTable.PREVIOUS.equals(work.stage())) {
            return new RetireSecretVersion(work.credentialId(), work.secretVersion());
        }
        PromotionTrigger trigger = StagedPromotion.AFTER.name().equals(work.promotion())
                ? PromotionTrigger.SCHEDULED : PromotionTrigger.ALL_RESOLVED;
        return new PromoteCredentialSecret(work.credentialId(), work.secretVersion(), trigger, null);
    }

    @Override
    protected void poll() {
        pollOnce();
    }

    @Override
    protected void pollFailed(RuntimeException failed) {
        log.warn("Staged rotation: the poll failed, retried at the next one: {}", failed.toString());
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100; // starts after Axon, stops before it
    }
}
