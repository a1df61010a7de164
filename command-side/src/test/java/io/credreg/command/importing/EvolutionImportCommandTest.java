package io.credreg.command.importing;

import io.credreg.command.importing.EvolutionImportCommand.Options;
import io.credreg.command.importing.EvolutionImportCommand.UsageException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvolutionImportCommandTest {

    private static final String URL = "jdbc:postgresql://db:5432/evolution";

    private static Options parse(String... args) throws UsageException {
        return EvolutionImportCommand.parse(List.of(args), Map.of());
    }

    @Test
    void theIssuesCommandLineIsUnderstood() throws UsageException {
        Options options = parse("--source-url", URL, "--source-user", "evo", "--source-password", "s3cret",
                "--dry-run");

        assertThat(options).isEqualTo(new Options(URL, "evo", "s3cret", true, false));
        assertThat(options.toString()).doesNotContain("s3cret");
    }

    @Test
    void optionsMayAlsoBeWrittenWithAnEqualsSignAndThePasswordMayComeFromTheEnvironment() throws UsageException {
        Options options = EvolutionImportCommand.parse(List.of("--source-url=" + URL + "?currentSchema=evo",
                "--source-user=evo"), Map.of(EvolutionImportCommand.PASSWORD_ENV, "from-env"));

        assertThat(options).isEqualTo(new Options(URL + "?currentSchema=evo", "evo", "from-env", false, false));
    }

    @Test
    void badArgumentsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> parse()).hasMessage("--source-url is required");
        assertThatThrownBy(() -> parse("--source-url", "jdbc:h2:mem:x")).hasMessageContaining("PostgreSQL");
        assertThatThrownBy(() -> parse("--source-url", URL, "--bogus")).hasMessage("unknown option --bogus");
        assertThatThrownBy(() -> parse("--source-url", URL, "stray")).hasMessage("unexpected argument 'stray'");
        assertThatThrownBy(() -> parse("--source-url")).hasMessage("--source-url needs a value");
        assertThatThrownBy(() -> parse("--source-url", URL, "--source-url", URL))
                .hasMessage("--source-url is given twice");
    }

    @Test
    void helpNeedsNothingElse() throws UsageException {
        assertThat(parse("--help").help()).isTrue();
    }

    @Test
    void urlsArePrintedWithoutTheirParameters() {
        assertThat(EvolutionImportCommand.withoutParameters(URL + "?user=a&password=b")).isEqualTo(URL);
        assertThat(EvolutionImportCommand.withoutParameters("jdbc:h2:file:/d/registry;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:file:/d/registry");
    }
}
