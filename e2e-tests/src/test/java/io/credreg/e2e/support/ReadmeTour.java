package io.credreg.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's curl tour as a reader sees it: every {@code bash} block that follows the marker comment, in the
 * order they appear, taken from the file itself so that the test runs what the reader copies.
 */
public final class ReadmeTour {

    /** The HTML comment (invisible on GitHub) that marks the next fenced block as a step of the tour. */
    public static final String MARKER = "<!-- readme-tour: ReadmeTourScenarios runs this block -->";

    private ReadmeTour() {
    }

    /** One step: where it starts in the README and its shell text. */
    public record Block(int line, String script) {
        public String firstLine() {
            return script.lines().findFirst().orElse("");
        }
    }

    public static Path readme() {
        return Path.of(System.getProperty("registry.root", "..")).toAbsolutePath().normalize().resolve("README.md");
    }

    public static List<Block> blocks(Path readme) {
        List<String> lines;
        try {
            lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + readme, e);
        }
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals(MARKER)) {
                continue;
            }
            if (i + 1 >= lines.size() || !lines.get(i + 1).strip().equals("```bash")) {
                throw new IllegalStateException(readme + " line " + (i + 1) + ": the tour marker must be followed "
                        + "by a ```bash block");
            }
            StringBuilder script = new StringBuilder();
            int j = i + 2;
            for (; j < lines.size() && !lines.get(j).strip().equals("```"); j++) {
                script.append(lines.get(j)).append('\n');
            }
            if (j == lines.size()) {
                throw new IllegalStateException(readme + " line " + (i + 2) + ": unterminated ```bash block");
            }
            blocks.add(new Block(i + 2, script.toString()));
            i = j;
        }
        return blocks;
    }
}
