package io.credreg.query.auditchain;

import io.credreg.api.auditchain.AuditCheckpoint;
import io.credreg.platform.persistence.EmbeddedDatabasePassword;
import io.credreg.platform.persistence.H2FileDatabase;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code ./registry verify --checkpoint FILE [--public-key KEY]}: a one-shot mode of the query-side jar. For each
 * checkpoint in FILE (one, or the array {@code GET /api/audit/checkpoints} answers), it checks the signature and then
 * recomputes the audit chain from the first entry up to the checkpoint's position, from the event rows as they are
 * stored now, and compares the result with the signed head hash. It reads the database the registry is configured
 * with and changes nothing. With {@code --public-key}, a checkpoint signed by another key is refused.
 * Exit status: 0 unchanged, 1 changed or badly signed, 2 bad arguments.
 */
public final class CheckpointVerificationCommand {

    public static final String NAME = "verify-checkpoint";
    static final int UNCHANGED = 0;
    static final int CHANGED = 1;
    static final int USAGE = 2;

    private CheckpointVerificationCommand() {
    }

    public static int run(String[] args, PrintStream out) {
        Arguments arguments = Arguments.parse(args);
        if (arguments == null) {
            out.println("usage: ./registry verify --checkpoint FILE [--public-key BASE64]");
            return USAGE;
        }
        List<AuditCheckpoint> checkpoints;
        try {
            checkpoints = read(arguments.file());
        } catch (IOException | JacksonException | IllegalArgumentException e) {
            out.println("cannot read checkpoints from " + arguments.file() + ": " + e.getMessage());
            return USAGE;
        }
        JdbcTemplate jdbc = new JdbcTemplate(dataSource());
        ChainFold fold = new ChainFold(jdbc, 1_000);
        int status = UNCHANGED;
        for (AuditCheckpoint checkpoint : checkpoints) {
            status = Math.max(status, verify(checkpoint, arguments.publicKey(), fold, out));
        }
        return status;
    }

    static int verify(AuditCheckpoint checkpoint, String pinnedKey, ChainFold fold, PrintStream out) {
        out.println("checkpoint at chain position " + checkpoint.chainPosition() + " (sequence "
                + checkpoint.sequence() + ", signed " + checkpoint.createdAt() + ", key "
                + fingerprint(checkpoint.publicKey()) + ")");
        if (pinnedKey != null && !pinnedKey.equals(checkpoint.publicKey())) {
            out.println("  REFUSED: signed by key " + fingerprint(checkpoint.publicKey()) + ", not by the key given ("
                    + fingerprint(pinnedKey) + ")");
            return CHANGED;
        }
        if (!CheckpointKey.verifies(checkpoint.publicKey(), checkpoint.signedText(), checkpoint.signature())) {
            out.println("  REFUSED: the signature does not match the checkpoint (it was altered, or not signed by "
                    + "this key)");
            return CHANGED;
        }
        out.println("  signature: valid");
        ChainFold.Result result = fold.fold(0, 0, ChainHash.GENESIS, checkpoint.chainPosition());
        if (!result.valid()) {
            out.println("  CHANGED: the history no longer holds at chain position " + result.broken().position() + " ("
                    + result.broken().problem() + ")");
            return CHANGED;
        }
        if (!result.hash().equals(checkpoint.headHash()) || result.sequence() != checkpoint.sequence()) {
            out.println("  CHANGED: recomputed from the stored events, the chain up to position "
                    + checkpoint.chainPosition() + " ends in " + result.hash() + " at sequence " + result.sequence()
                    + ", not in the signed " + checkpoint.headHash());
            return CHANGED;
        }
        out.println("  history up to it: unchanged (" + result.position() + " entries recomputed from the event "
                + "store)");
        return UNCHANGED;
    }

    static List<AuditCheckpoint> read(Path file) throws IOException {
        JsonNode root = JsonMapper.builder().build().readTree(Files.readString(file, StandardCharsets.UTF_8));
        List<AuditCheckpoint> checkpoints = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(node -> checkpoints.add(checkpoint(node)));
        } else {
            checkpoints.add(checkpoint(root));
        }
        if (checkpoints.isEmpty()) {
            throw new IllegalArgumentException("no checkpoint in the file");
        }
        return checkpoints;
    }

    private static AuditCheckpoint checkpoint(JsonNode node) {
        for (String field : List.of("chainPosition", "sequence", "headHash", "createdAt", "publicKey", "signature")) {
            if (!node.hasNonNull(field)) {
                throw new IllegalArgumentException("a checkpoint lacks \"" + field + "\"");
            }
        }
        return new AuditCheckpoint(node.get("chainPosition").asLong(), node.get("sequence").asLong(),
                node.get("headHash").asString(), node.get("createdAt").asString(), AuditCheckpoint.ALGORITHM,
                node.get("publicKey").asString(), node.get("signature").asString());
    }

    /** The first 16 hex digits of the key's SHA-256: enough to tell keys apart when a person compares them. */
    static String fingerprint(String publicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(publicKey));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException | IllegalArgumentException e) {
            return "(not a key)";
        }
    }

    /** The registry's database as the query side would configure it, without starting it. */
    private static DriverManagerDataSource dataSource() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ConfigurationOnly.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .properties(Map.of("logging.level.root", "WARN")).run()) {
            Environment environment = context.getEnvironment();
            String url = environment.getProperty("spring.datasource.url");
            String password = environment.getProperty("spring.datasource.password", "");
            if (password.isEmpty() && H2FileDatabase.of(url) != null) {
                Path dataDir = Path.of(environment.getProperty("registry.data-dir", "./data"));
                password = EmbeddedDatabasePassword.stored(dataDir).orElse("");
            }
            return new DriverManagerDataSource(url, environment.getProperty("spring.datasource.username"), password);
        }
    }

    private record Arguments(Path file, String publicKey) {

        static Arguments parse(String[] args) {
            Path file = null;
            String key = null;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--checkpoint") && i + 1 < args.length) {
                    file = Path.of(args[++i]);
                } else if (args[i].equals("--public-key") && i + 1 < args.length) {
                    key = args[++i];
                } else {
                    return null;
                }
            }
            return file == null ? null : new Arguments(file, key);
        }
    }

    static final class ConfigurationOnly {
    }
}
