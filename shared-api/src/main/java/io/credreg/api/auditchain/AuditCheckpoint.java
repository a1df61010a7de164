package io.credreg.api.auditchain;

/**
 * A signed checkpoint of the audit chain: the chain's head at a position, as one entry of
 * {@code GET /api/audit/checkpoints}. Kept outside the registry, it lets {@code ./registry verify --checkpoint FILE}
 * prove that the history up to it is unchanged.
 *
 * @param chainPosition the position of the chain entry the checkpoint covers up to (1 is the first entry)
 * @param sequence      the global sequence of the event of that entry
 * @param headHash      the chain hash at that entry (hex SHA-256)
 * @param createdAt     when it was signed (ISO-8601, UTC; signed as this exact text)
 * @param algorithm     the signature algorithm, {@code Ed25519}
 * @param publicKey     the signing node's public key (base64 of its X.509 encoding)
 * @param signature     the signature (base64) of {@link #signedText()}
 */
public record AuditCheckpoint(long chainPosition, long sequence, String headHash, String createdAt, String algorithm,
                              String publicKey, String signature) {

    public static final String ALGORITHM = "Ed25519";

    /** Exactly what is signed: a versioned line per field, so no two checkpoints sign the same text. */
    public String signedText() {
        return signedText(chainPosition, sequence, headHash, createdAt);
    }

    public static String signedText(long chainPosition, long sequence, String headHash, String createdAt) {
        return "credreg-audit-checkpoint/1\n" + chainPosition + "\n" + sequence + "\n" + headHash + "\n" + createdAt
                + "\n";
    }
}
