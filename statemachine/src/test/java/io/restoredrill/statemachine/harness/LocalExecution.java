package io.restoredrill.statemachine.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs the state machine definition once on aws-local-stepfunctions (the real ASL engine, in Node.js) through
 * src/test/node/run-execution.mjs, its Task states served by a {@link TaskHost}. Waits and retry intervals take no
 * time; everything else (Choice, Map, Retry counts, Catch, intrinsics, paths) is the engine's.
 */
public final class LocalExecution {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 60;

    /** The statemachine module's folder: surefire's basedir, else the working directory. */
    public static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    public static final Path DEFINITION = MODULE.resolve("src/main/resources/statemachine/restore-drill.asl.json");
    private static final Path SCRIPT = MODULE.resolve("src/test/node/run-execution.mjs");

    private LocalExecution() {
    }

    /** The Node.js that runs the engine: -Dnode.executable, else node on the PATH. */
    public static String node() {
        return System.getProperty("node.executable", "node");
    }

    public static ExecutionResult run(TaskHost host, JsonNode input) {
        return run(DEFINITION, host, input);
    }

    public static ExecutionResult run(Path definition, TaskHost host, JsonNode input) {
        String executionName = "test-" + UUID.randomUUID();
        try {
            Path stdout = Files.createTempFile("run-execution", ".json");
            Path stderr = Files.createTempFile("run-execution", ".log");
            try {
                // Output to files, so a hung engine meets the timeout instead of blocking a read.
                Process process = new ProcessBuilder(node(), SCRIPT.toString(), definition.toString(),
                        host.baseUrl().toString(), executionName)
                        .directory(MODULE.toFile())
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile())
                        .start();
                try (OutputStream stdin = process.getOutputStream()) {
                    stdin.write(JSON.writeValueAsBytes(input));
                }
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the local execution did not end within " + TIMEOUT_SECONDS
                            + " s: " + Files.readString(stderr));
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("run-execution.mjs exited " + process.exitValue() + ": "
                            + Files.readString(stderr) + Files.readString(stdout));
                }
                return parse(JSON.readTree(stdout.toFile()));
            } finally {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + node() + " " + SCRIPT + " (is Node.js installed, and"
                    + " node_modules installed by the build's npm ci?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ExecutionResult parse(JsonNode result) {
        List<ExecutionResult.Iteration> iterations = new ArrayList<>();
        for (JsonNode iteration : result.path("iterations")) {
            iterations.add(new ExecutionResult.Iteration(iteration.path("index").asInt(),
                    iteration.path("status").asText(), Optional.ofNullable(iteration.get("output")),
                    text(iteration, "error")));
        }
        List<String> retries = new ArrayList<>();
        result.path("retries").forEach(retry -> retries.add(retry.path("state").asText()));
        return new ExecutionResult(result.path("status").asText(), Optional.ofNullable(result.get("output")),
                text(result, "error"), text(result, "cause"), List.copyOf(iterations), List.copyOf(retries));
    }

    private static Optional<String> text(JsonNode node, String field) {
        return Optional.ofNullable(node.get(field)).filter(value -> !value.isNull()).map(JsonNode::asText);
    }
}
