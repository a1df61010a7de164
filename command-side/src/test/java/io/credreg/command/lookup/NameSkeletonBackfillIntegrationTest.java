package io.credreg.command.lookup;

import io.credreg.command.CommandSideIntegrationTest;
import io.credreg.command.validation.Names;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Names stored before skeletons existed get theirs, once; look-alikes among them are left for an operator. */
class NameSkeletonBackfillIntegrationTest extends CommandSideIntegrationTest {

    @Autowired
    private NameSkeletonBackfill backfill;

    @Test
    void oldNamesGetTheirSkeletonOnceAndALookAlikeAmongThemIsLeftAlone() {
        String suffix = UUID.randomUUID().toString();
        String first = "00-" + UUID.randomUUID(); // the backfill goes in credential id order
        String lookAlike = "zz-" + UUID.randomUUID();
        // as a release before the skeleton column wrote them (name_key: stripped and lower-cased)
        jdbc.update("insert into credential_name (provider, name_key, credential_id) values ('openai', ?, ?)",
                "acme " + suffix, first);
        jdbc.update("insert into credential_name (provider, name_key, credential_id) values ('openai', ?, ?)",
                "\u0430cme " + suffix, lookAlike);

        int filled = backfill.backfill();

        assertThat(filled).isGreaterThanOrEqualTo(1);
        assertThat(skeletonOf(first)).isEqualTo(Names.skeletonKey("Acme " + suffix));
        assertThat(skeletonOf(lookAlike)).isNull();
        assertThat(backfill.backfill()).as("a second run").isZero();
        assertThat(skeletonOf(first)).isEqualTo(Names.skeletonKey("Acme " + suffix));
        Reply duplicate = create("ACME " + suffix, "openai", newSecret());
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("existingCredentialId").asString()).isEqualTo(first);
        jdbc.update("delete from credential_name where credential_id in (?, ?)", first, lookAlike);
    }

    private String skeletonOf(String credentialId) {
        return jdbc.queryForObject("select name_skeleton from credential_name where credential_id = ?",
                String.class, credentialId);
    }
}
