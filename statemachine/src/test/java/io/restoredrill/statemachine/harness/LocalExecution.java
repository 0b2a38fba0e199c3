package io.restoredrill.statemachine.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restoredrill.statemachine.Definition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The statemachine module's folder: surefire's basedir, else the working directory. */
    public static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    /** The per-drill child definition, as stored. */
    public static final Path DRILL = MODULE.resolve("src/main/resources/" + Definition.DRILL_RESOURCE);
    /** The parent definition as stored (its ItemProcessor a placeholder): for the validator, not for running. */
    public static final Path FLEET_AS_STORED = MODULE.resolve("src/main/resources/" + Definition.FLEET_RESOURCE);
    private static final Path SCRIPT = MODULE.resolve("src/test/node/run-execution.mjs");
    private static Path deployable;

    private LocalExecution() {
    }

    /** The Node.js that runs the engine: -Dnode.executable, else node on the PATH. */
    public static String node() {
        return System.getProperty("node.executable", "node");
    }

    /**
     * The deployable parent ({@link Definition#text()}: the drill's states embedded), written once to a file for the
     * engine.
     */
    public static synchronized Path deployable() {
        if (deployable == null) {
            try {
                deployable = Files.createTempFile("fleet-deployable", ".asl.json");
                deployable.toFile().deleteOnExit();
                Files.writeString(deployable, Definition.text());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return deployable;
    }

    /** One execution of the deployable parent: the night, every drill in it. */
    public static ExecutionResult run(TaskHost host, JsonNode input) {
        return run(deployable(), host, input, "test-" + UUID.randomUUID(), TIMEOUT);
    }

    /** One execution of the child alone: one drill, with the input the parent's ItemSelector would give it. */
    public static ExecutionResult runDrill(TaskHost host, JsonNode input) {
        return run(DRILL, host, input, "test-" + UUID.randomUUID(), TIMEOUT);
    }

    public static ExecutionResult run(Path definition, TaskHost host, JsonNode input, String executionName,
                                      Duration timeout) {
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
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the local execution did not end within " + timeout
                            + ": " + Files.readString(stderr));
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
                    iteration.path("status").asText(), Optional.ofNullable(iteration.get("input")),
                    Optional.ofNullable(iteration.get("output")), text(iteration, "error")));
        }
        List<String> retries = new ArrayList<>();
        result.path("retries").forEach(retry -> retries.add(retry.path("state").asText()));
        Map<String, ExecutionResult.Trace> executions = new LinkedHashMap<>();
        result.path("executions").properties().forEach(entry -> {
            JsonNode trace = entry.getValue();
            executions.put(entry.getKey(), new ExecutionResult.Trace(counts(trace.path("statesByName")),
                    counts(trace.path("statesByType")), trace.path("retries").asInt(),
                    trace.path("waitedSeconds").asLong(), trace.path("largestPayloadBytes").asInt(),
                    trace.path("largestPayloadState").asText(null)));
        });
        return new ExecutionResult(result.path("status").asText(), Optional.ofNullable(result.get("output")),
                text(result, "error"), text(result, "cause"), List.copyOf(iterations), List.copyOf(retries),
                Map.copyOf(executions));
    }

    private static Map<String, Integer> counts(JsonNode node) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        node.properties().forEach(entry -> counts.put(entry.getKey(), entry.getValue().asInt()));
        return Map.copyOf(counts);
    }

    private static Optional<String> text(JsonNode node, String field) {
        return Optional.ofNullable(node.get(field)).filter(value -> !value.isNull()).map(JsonNode::asText);
    }
}
