package io.restoredrill.infra.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.aws.FunctionCall;
import io.restoredrill.core.aws.FunctionCalls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The calls the IAM evaluation holds the stack's roles to: core's function-calls.json, and for a function that
 * manifest has no entries for yet (plan and summarize, written by the fleet-lambdas branch), the entries awaited from
 * that branch (src/test/resources/iam/awaited-function-calls.json). Once the manifest has a function's entries, they
 * are the ones used, and {@link CallManifestTest} checks the awaited copy still agrees.
 */
public final class CallManifest {

    private static final String AWAITED = "iam/awaited-function-calls.json";

    private CallManifest() {
    }

    public static List<FunctionCall> load() {
        List<FunctionCall> calls = new ArrayList<>(FunctionCalls.load());
        Set<String> covered = new TreeSet<>();
        calls.forEach(call -> covered.add(call.function()));
        awaited().stream().filter(call -> !covered.contains(call.function())).forEach(calls::add);
        return List.copyOf(calls);
    }

    public static List<FunctionCall> of(String function) {
        return load().stream().filter(call -> call.function().equals(function)).toList();
    }

    /** The functions whose calls come from the awaited copy, not (yet) from the manifest. */
    public static Set<String> awaitedFunctions() {
        Set<String> covered = new TreeSet<>();
        FunctionCalls.load().forEach(call -> covered.add(call.function()));
        Set<String> awaited = new TreeSet<>();
        awaited().stream().map(FunctionCall::function).filter(f -> !covered.contains(f)).forEach(awaited::add);
        return awaited;
    }

    static List<FunctionCall> awaited() {
        try (InputStream in = CallManifest.class.getClassLoader().getResourceAsStream(AWAITED)) {
            if (in == null) {
                throw new IllegalStateException(AWAITED + " is not on the test classpath");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<FunctionCall> calls = new ArrayList<>();
            for (JsonNode call : root.path("calls")) {
                calls.add(new FunctionCall(call.path("function").asText(), call.path("action").asText(),
                        strings(call.path("resources")), context(call.path("context")), tags(call.path("resourceTags")),
                        call.path("why").asText()));
            }
            return calls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            values.add(node.asText());
        }
        return values;
    }

    private static Map<String, List<String>> context(JsonNode node) {
        Map<String, List<String>> context = new LinkedHashMap<>();
        node.properties().forEach(entry -> context.put(entry.getKey(), strings(entry.getValue())));
        return context;
    }

    private static Map<String, String> tags(JsonNode node) {
        Map<String, String> tags = new LinkedHashMap<>();
        node.properties().forEach(entry -> tags.put(entry.getKey(), entry.getValue().asText()));
        return tags;
    }
}
