package io.restoredrill.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the CLI in a child JVM with the test class path: for what needs a process of its own (signals, env). */
final class CliProcess {

    private CliProcess() {
    }

    static Process start(Path tmpDir, Map<String, String> environment, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Djava.io.tmpdir=" + tmpDir,
                "-cp", System.getProperty("java.class.path"), RestoreDrillCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return builder.start();
    }
}
