package io.credreg.command.importing;

import io.credreg.api.binding.SettingRef;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what the import needs to know of the registry from the command side's lookup tables (the same ones that
 * guard its rules, so they are exact): which active credential holds a fingerprint, which OpenAI names are taken,
 * which credential each OpenAI setting holds. Only reads.
 */
final class TargetStateReader {

    private static final int CHUNK = 500;

    private TargetStateReader() {
    }

    /**
     * False when the registry's tables do not exist yet (a database the registry never started on). Any other
     * failure (unreachable, refused) is thrown: it must not read as an empty registry.
     */
    static boolean initialized(JdbcTemplate jdbc) {
        try {
            jdbc.queryForList("select fingerprint from secret_fingerprint where 1 = 0", String.class);
            return true;
        } catch (BadSqlGrammarException noSuchTable) {
            return false;
        }
    }

    static TargetState read(JdbcTemplate jdbc, Collection<String> fingerprints) {
        Map<String, TargetState.Existing> byFingerprint = new HashMap<>();
        List<String> all = new ArrayList<>(fingerprints);
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            jdbc.query("select f.fingerprint, f.credential_id, n.provider from secret_fingerprint f "
                            + "left join credential_name n on n.credential_id = f.credential_id "
                            + "where f.fingerprint in (" + marks + ")",
                    rs -> {
                        byFingerprint.put(rs.getString(1), new TargetState.Existing(rs.getString(2), rs.getString(3)));
                    }, chunk.toArray());
        }
        Set<String> names = new HashSet<>(jdbc.queryForList(
                "select name_key from credential_name where provider = ?", String.class, ImportPlanner.PROVIDER));
        Map<SettingRef, String> slots = new HashMap<>();
        jdbc.query("select instance_id, setting_key, credential_id from setting_slot where setting_key = ? "
                        + "or setting_key like ?",
                rs -> {
                    slots.put(new SettingRef(rs.getString(1), rs.getString(2)), rs.getString(3));
                }, ImportPlanner.DEFAULT_SETTING, ImportPlanner.BOT_SETTING_PREFIX + "%");
        return new TargetState(true, byFingerprint, names, slots);
    }
}
