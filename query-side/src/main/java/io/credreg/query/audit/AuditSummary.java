package io.credreg.query.audit;

/**
 * One sentence for an entry, from what was recorded at the time:
 * "openai key 'support-bot' unbound from instance acme-1 setting openai.default because it was deleted by alice".
 * It names credentials, instances, settings, versions and people; there is nothing secret to name.
 */
final class AuditSummary {

    private AuditSummary() {
    }

    static String of(AuditRecord entry) {
        String what = switch (entry.type()) {
            case "CredentialCreated" -> credential(entry) + " created" + version(entry, " with secret version ");
            case "CredentialRenamed" -> credential(entry.provider(), entry.previousName(), entry.credentialId())
                    + " renamed to '" + entry.credentialName() + "'";
            case "CredentialSecretRotated" -> credential(entry) + " rotated" + version(entry, " to secret version ");
            case "CredentialDeleted" -> credential(entry) + " deleted";
            case "SettingBound" -> credential(entry) + " bound to " + setting(entry);
            case "SettingUnbound" -> credential(entry) + " unbound from " + setting(entry) + because(entry.reason());
            case "SecretResolved" -> credential(entry) + version(entry, " secret version ") + " resolved for "
                    + setting(entry);
            case "ApiTokenIssued" -> token(entry) + " issued with role " + entry.tokenRole()
                    + (entry.instanceId() == null ? "" : " for instance " + entry.instanceId());
            case "ApiTokenRevoked" -> token(entry) + " revoked";
            default -> entry.type() + (entry.credentialId() == null ? "" : " of " + credential(entry));
        };
        return what + " by " + (entry.actor() == null ? "an unknown actor" : entry.actor());
    }

    private static String credential(AuditRecord entry) {
        return credential(entry.provider(), entry.credentialName(), entry.credentialId());
    }

    private static String credential(String provider, String name, String id) {
        String kind = provider == null ? "credential" : provider + " key";
        return name == null ? kind + " " + id : kind + " '" + name + "'";
    }

    private static String token(AuditRecord entry) {
        return "API token '" + entry.tokenName() + "' (" + entry.tokenId() + ")";
    }

    private static String setting(AuditRecord entry) {
        return "instance " + entry.instanceId() + " setting " + entry.settingKey();
    }

    private static String version(AuditRecord entry, String words) {
        return entry.secretVersion() == null ? "" : words + entry.secretVersion();
    }

    private static String because(String reason) {
        if (reason == null) {
            return "";
        }
        return switch (reason) {
            case "CREDENTIAL_DELETED" -> " because it was deleted";
            case "REPLACED" -> " because another credential replaced it";
            case "INSTANCE_REMOVED" -> " because the instance was removed";
            case "REQUESTED" -> "";
            default -> " (" + reason + ")";
        };
    }
}
