package io.credreg.query.audit;

/**
 * One sentence for an entry, from what was recorded at the time:
 * "openai key 'support-bot' unbound from instance acme-1 setting openai.default because it was deleted by alice".
 * It names credentials, instances, settings, versions and people; there is nothing secret to name. Names and actors
 * are escaped ({@link #escape}), so that no name can end its quotes or start a line and forge the text of an entry.
 */
final class AuditSummary {

    private AuditSummary() {
    }

    static String of(AuditRecord entry) {
        String what = switch (entry.type()) {
            case "CredentialCreated" -> credential(entry) + " created" + version(entry, " with secret version ");
            case "CredentialRenamed" -> credential(entry.provider(), entry.previousName(), entry.credentialId())
                    + " renamed to " + quoted(entry.credentialName());
            case "CredentialSecretRotated" -> credential(entry) + " rotated" + version(entry, " to secret version ");
            case "CredentialDeleted" -> credential(entry) + " deleted"
                    + ("RESTORABLE".equals(entry.reason()) ? ", restorable within its recovery window" : "");
            case "CredentialRestored" -> credential(entry) + " restored" + version(entry, " with secret version ");
            case "CredentialPurged" -> credential(entry) + " purged: its recovery window ended and its secret is "
                    + "destroyed";
            case "SettingBound" -> credential(entry) + " bound to " + setting(entry);
            case "SettingUnbound" -> credential(entry) + " unbound from " + setting(entry) + because(entry.reason());
            case "SecretResolved" -> credential(entry) + version(entry, " secret version ") + " resolved for "
                    + setting(entry);
            case "ApiTokenIssued" -> token(entry) + " issued with role " + entry.tokenRole()
                    + (entry.instanceId() == null ? "" : " for instance " + entry.instanceId());
            case "ApiTokenRevoked" -> token(entry) + " revoked" + because(entry.reason());
            case "ApiTokenReplaced" -> token(entry) + " replaced by a successor, retiring after its grace period";
            default -> entry.type() + (entry.credentialId() == null ? "" : " of " + credential(entry));
        };
        return what + " by " + (entry.actor() == null ? "an unknown actor" : escape(entry.actor()));
    }

    private static String credential(AuditRecord entry) {
        return credential(entry.provider(), entry.credentialName(), entry.credentialId());
    }

    private static String credential(String provider, String name, String id) {
        String kind = provider == null ? "credential" : provider + " key";
        return name == null ? kind + " " + id : kind + " " + quoted(name);
    }

    private static String token(AuditRecord entry) {
        return "API token " + quoted(entry.tokenName()) + " (" + entry.tokenId() + ")";
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

    private static String quoted(String name) {
        return "'" + escape(name) + "'";
    }

    /**
     * A backslash and a quote get a backslash; a character that is invisible, breaks the line or reorders the text
     * (controls, format characters, separators other than the space, surrogates, unassigned) is written as
     * {@code \\u{XXXX}}. Names written before such characters were refused still come out readable and honest.
     */
    static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\\' || cp == '\'') {
                out.append('\\').appendCodePoint(cp);
            } else if (hidden(cp)) {
                out.append(String.format(java.util.Locale.ROOT, "\\u{%04X}", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static boolean hidden(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> true;
            case Character.SPACE_SEPARATOR -> cp != ' ';
            default -> false;
        };
    }
}
