package io.credreg.command.lookup;

import io.credreg.command.validation.Names;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Gives the names stored before confusable skeletons existed theirs, at every start, touching only rows that still
 * have none, so running it again changes nothing. The stored key is the name without case and blanks, which is all
 * the skeleton needs. Two old names that only look alike cannot both keep a skeleton: the second keeps its exact key
 * (still unique) and is reported, so that an operator can rename one of them.
 */
@Component
class NameSkeletonBackfill implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(NameSkeletonBackfill.class);

    private final JdbcTemplate jdbc;

    NameSkeletonBackfill(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void afterSingletonsInstantiated() {
        int filled = backfill();
        if (filled > 0) {
            LOG.info("Gave {} credential names their confusable skeleton", filled);
        }
    }

    int backfill() {
        List<String[]> rows = jdbc.query("select provider, name_key, credential_id from credential_name "
                + "where name_skeleton is null order by credential_id",
                (row, n) -> new String[]{row.getString(1), row.getString(2), row.getString(3)});
        int filled = 0;
        for (String[] row : rows) {
            try {
                filled += jdbc.update("update credential_name set name_skeleton = ? "
                        + "where provider = ? and name_key = ? and name_skeleton is null",
                        Names.skeletonKey(row[1]), row[0], row[1]);
            } catch (DuplicateKeyException lookAlike) {
                LOG.warn("Credential {} has a {} name that looks like another credential's; rename one of them",
                        row[2], row[0]);
            }
        }
        return filled;
    }
}
