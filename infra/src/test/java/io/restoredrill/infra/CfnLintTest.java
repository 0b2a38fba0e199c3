package io.restoredrill.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** cfn-lint on the synthesized template: no error (exit code bit 2). In CI a missing cfn-lint fails the build. */
class CfnLintTest {

    @Test
    void theSynthesizedTemplateHasNoCfnLintError() throws Exception {
        boolean available = cfnLintAvailable();
        if (!available) {
            assertThat(System.getenv("CI")).as("cfn-lint must be installed in CI (pip install cfn-lint)").isNullOrEmpty();
            assumeTrue(false, "cfn-lint is not installed: skipping the template lint (install it: pip install cfn-lint)");
        }
        Path template = Files.createTempFile("restore-drill-template", ".json");
        try {
            Files.writeString(template, new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(SynthesizedStack.get().template.toJSON()));
            Process lint = new ProcessBuilder(List.of("cfn-lint", "--format", "parseable", "--", template.toString()))
                    .redirectErrorStream(true).start();
            String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(lint.waitFor(120, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();
            int exit = lint.exitValue();
            System.out.println("cfn-lint exit " + exit + (output.isBlank() ? ", no findings" : ":\n" + output));
            // cfn-lint's exit code is a bit mask: 2 errors, 4 warnings, 8 informational; 1 a crash.
            assertThat(exit & 3).as("cfn-lint errors:\n" + output).isZero();
        } finally {
            Files.deleteIfExists(template);
        }
    }

    private static boolean cfnLintAvailable() {
        try {
            Process probe = new ProcessBuilder("cfn-lint", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
