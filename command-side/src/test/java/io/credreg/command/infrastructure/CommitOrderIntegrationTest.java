package io.credreg.command.infrastructure;

import io.credreg.api.binding.SettingRef;
import io.credreg.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decision 0120 on the command side: an append takes the database-wide append lock and holds it until commit, so
 * global indexes follow commit order; and it appends after the lookups, so a command waiting for a lookup row holds
 * no lock that every other append needs.
 */
class CommitOrderIntegrationTest extends CommandSideIntegrationTest {

    @Autowired
    private DataSource dataSource;

    @Test
    void anAppendWaitsWhileAnotherTransactionHoldsTheAppendLock() throws Exception {
        long before = eventRowCount();
        CompletableFuture<Reply> create;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "select id from event_append_lock where id = 1 for update"); ResultSet row = lock.executeQuery()) {
                assertThat(row.next()).isTrue();
            }
            create = CompletableFuture.supplyAsync(() -> create(unique("Waits"), "openai", newSecret()));
            Thread.sleep(2_500); // longer than H2's lock timeout (2 s): the append keeps waiting its turn
            assertThat(create).as("the create waits for the append lock").isNotDone();
            assertThat(eventRowCount()).isEqualTo(before);
            holder.rollback();
        }
        Reply created = create.get(30, TimeUnit.SECONDS);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
    }

    @Test
    void aCommandWaitingForALookupRowDoesNotHoldUpOtherAppends() throws Exception {
        String first = createOpenAiCredential();
        String second = createOpenAiCredential();
        SettingRef held = new SettingRef(unique("held"), "openai.default");
        bindOk(held, first);
        CompletableFuture<Reply> replacement;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("select credential_id from setting_slot"
                    + " where instance_id = ? and setting_key = ? for update")) {
                lock.setString(1, held.instanceId());
                lock.setString(2, held.settingKey());
                try (ResultSet row = lock.executeQuery()) {
                    assertThat(row.next()).isTrue();
                }
            }
            replacement = CompletableFuture.supplyAsync(() -> bind(held, second));
            Thread.sleep(200);
            assertThat(replacement).as("the replacement waits for the held row").isNotDone();
            Reply other = create(unique("Meanwhile"), "openai", newSecret());
            assertThat(other.status()).as("another command appends meanwhile: %s", other).isEqualTo(201);
            assertThat(replacement).as("the replacement still waits").isNotDone();
            holder.rollback();
        }
        Reply replaced = replacement.get(30, TimeUnit.SECONDS);
        assertThat(replaced.status()).as("%s", replaced).isEqualTo(200);
        assertThat(holderOf(held)).contains(second);
    }
}
