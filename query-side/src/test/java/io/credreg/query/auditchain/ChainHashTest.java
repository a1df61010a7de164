package io.credreg.query.auditchain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canonical form and the link are exactly as documented: the expected hashes were computed outside Java, from
 * the description in docs/decisions/0010-audit-hash-chain.md (Python's hashlib over the length-prefixed fields), so an auditor can
 * recompute the chain without this code.
 */
class ChainHashTest {

    private static final StoredEvent FIRST = new StoredEvent(7, "e-1", "Credential", "c-1", 3,
            "2026-11-24T14:00:00Z", "io.credreg.api.credential.CredentialRenamed", "2",
            bytes("{\"newName\":\"B\"}"), null);
    private static final StoredEvent SECOND = new StoredEvent(8, "e-2", "Credential", "c-1", 4,
            "2026-11-24T14:00:00Z", "io.credreg.api.credential.CredentialRenamed", null,
            bytes("{\"newName\":\"B\"}"), bytes("{\"actor\":\"alice\"}"));

    @Test
    void theFirstEntryLinksToZeroesAndEachNextToThePreviousHash() {
        String first = ChainHash.next(ChainHash.GENESIS, FIRST);
        assertThat(first).isEqualTo("184b5eee28469ea39149983a9691d1a9245281a3c431163fce2a0ba241ee99ff");
        assertThat(ChainHash.next(first, SECOND))
                .isEqualTo("f1b38c2b772ddf35b2b0d6a40d26c08484d58970b08f20356579d80dcf4d880e");
    }

    /** Length prefixes keep fields apart: moving a character from one field into the next changes the hash. */
    @Test
    void fieldBoundariesAreUnambiguous() {
        StoredEvent shifted = new StoredEvent(7, "e-1C", "redential", "c-1", 3, "2026-11-24T14:00:00Z",
                "io.credreg.api.credential.CredentialRenamed", "2", bytes("{\"newName\":\"B\"}"), null);
        assertThat(ChainHash.next(ChainHash.GENESIS, shifted)).isNotEqualTo(ChainHash.next(ChainHash.GENESIS, FIRST));
        StoredEvent emptyRevision = new StoredEvent(7, "e-1", "Credential", "c-1", 3, "2026-11-24T14:00:00Z",
                "io.credreg.api.credential.CredentialRenamed", "", bytes("{\"newName\":\"B\"}"), null);
        StoredEvent noRevision = new StoredEvent(7, "e-1", "Credential", "c-1", 3, "2026-11-24T14:00:00Z",
                "io.credreg.api.credential.CredentialRenamed", null, bytes("{\"newName\":\"B\"}"), null);
        assertThat(ChainHash.next(ChainHash.GENESIS, emptyRevision))
                .isNotEqualTo(ChainHash.next(ChainHash.GENESIS, noRevision));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
