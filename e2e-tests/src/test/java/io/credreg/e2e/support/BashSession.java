package io.credreg.e2e.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One bash process that runs scripts one after another, as a reader pastes them into one terminal: variables set
 * by one script are there for the next. Each script runs under {@code set -euo pipefail}, so a failing command, an
 * unset variable or a broken pipe ends the session and the script is reported with bash's exit status.
 */
public final class BashSession implements AutoCloseable {

    private static final String EOF = "\u0000eof";

    /** What one script printed (stdout and stderr together) and its exit status. */
    public record Result(int exitStatus, String output) {
    }

    private final Process bash;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final String sentinel = "--script-done-" + UUID.randomUUID() + "--";

    public BashSession(Path workDir, Map<String, String> environment) {
        ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc").directory(workDir.toFile())
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(name -> name.startsWith("REGISTRY_") || name.equals("COMMAND_PORT")
                || name.equals("QUERY_PORT") || name.startsWith("BASH_ENV"));
        pb.environment().putAll(environment);
        try {
            bash = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start bash", e);
        }
        stdin = new java.io.OutputStreamWriter(bash.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::pump, "bash-session-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void pump() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(bash.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the process went away; EOF below says so
        }
        lines.add(EOF);
    }

    /** Runs {@code script} and waits for it; the exit status is bash's own when the script ended the session. */
    public Result run(String script, Duration timeout) {
        try {
            stdin.write("set -euo pipefail\n" + script + "\nset +euo pipefail\nprintf '\\n%s\\n' '" + sentinel
                    + "'\n");
            stdin.flush();
        } catch (IOException e) {
            return new Result(exitStatus(), "(bash is gone: " + e.getMessage() + ")");
        }
        StringBuilder output = new StringBuilder();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("script did not finish within " + timeout + "; output so far:\n"
                            + output);
                }
                if (line.equals(EOF)) {
                    return new Result(exitStatus(), output.toString());
                }
                if (line.equals(sentinel)) {
                    // the printf's leading newline ends an unterminated last line, or adds one empty line
                    return new Result(0, output.toString().replaceFirst("\n$", ""));
                }
                output.append(line).append('\n');
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private int exitStatus() {
        try {
            return bash.waitFor(10, TimeUnit.SECONDS) ? bash.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        bash.destroy();
    }
}
