package io.credreg.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a benchmark's CPU went, from /proc: the two applications (children of this JVM), this JVM (the clients), the
 * PostgreSQL backends serving the benchmark's database (their process title names it) and PostgreSQL's own
 * background processes, and the whole machine, so that what else shared it shows too. CPU time per request varies far
 * less from run to run than requests per second on a shared machine.
 */
final class ProcessCpu {

    static final String COMMAND_SIDE = "command side";
    static final String QUERY_SIDE = "query side";
    static final String CLIENTS = "benchmark clients (this JVM)";

    private static final long CLK_TCK = 100;
    private static final Pattern CLIENT_BACKEND =
            Pattern.compile("^postgres: (?:\\S+: )?(\\S+) (\\S+) (?:\\S+\\(\\d+\\)|\\[local\\]) ");

    private ProcessCpu() {
    }

    /** The database a JDBC URL names (its user's when it names none). */
    static String databaseName(String jdbcUrl, String user) {
        String path = URI.create(jdbcUrl.substring("jdbc:".length())).getPath();
        return path == null || path.length() <= 1 ? user : path.substring(1);
    }

    /** CPU milliseconds used so far by each part; PostgreSQL's parts only when {@code pgDatabase} is not null. */
    static Map<String, Double> millis(String pgDatabase) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put(COMMAND_SIDE, 0.0);
        cpu.put(QUERY_SIDE, 0.0);
        ProcessHandle.current().children().forEach(p -> {
            String cmd = p.info().commandLine().orElse("");
            String part = cmd.contains("command-side") ? COMMAND_SIDE : cmd.contains("query-side") ? QUERY_SIDE
                    : null;
            if (part != null) {
                cpu.merge(part, (double) p.info().totalCpuDuration().map(Duration::toMillis).orElse(0L), Double::sum);
            }
        });
        cpu.put(CLIENTS, (double) ProcessHandle.current().info().totalCpuDuration()
                .map(Duration::toMillis).orElse(0L));
        if (pgDatabase != null) {
            addPostgres(cpu, pgDatabase);
        }
        return cpu;
    }

    private static void addPostgres(Map<String, Double> cpu, String db) {
        double backends = 0;
        double background = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    if (!"postgres".equals(Files.readString(proc.resolve("comm")).trim())) {
                        continue;
                    }
                    String title = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ').trim();
                    String stat = Files.readString(proc.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split("\\s+");
                    double millis = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000.0 / CLK_TCK;
                    // a client backend: "postgres: 15/main: <user> <database> <host>(<port>) <state>"
                    Matcher backend = CLIENT_BACKEND.matcher(title);
                    if (backend.find()) {
                        if (backend.group(2).equals(db)) {
                            backends += millis;
                        }
                    } else {
                        background += millis;
                    }
                } catch (IOException | RuntimeException ignored) {
                    // the process ended meanwhile, or is not ours to read
                }
            }
        } catch (IOException e) {
            // no /proc: leave PostgreSQL out
        }
        cpu.put("PostgreSQL backends of " + db, backends);
        cpu.put("PostgreSQL background (WAL writer, checkpointer, ...)", background);
    }

    /** [busy, total] jiffies of the whole machine (all cores), from /proc/stat. */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[]{total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[]{0, 0};
        }
    }

    /** CPU milliseconds the machine was busy for, all cores together. */
    static double machineBusyMillis() {
        return machineTicks()[0] * 1000.0 / CLK_TCK;
    }

    static String loadAvg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
