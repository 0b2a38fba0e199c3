package io.restoredrill.core.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifest of every AWS call the functions make ({@code function-calls.json} beside this class): the
 * emulator tests fail on a call it does not list, the IAM evaluation in the infra build proves each listed call
 * is allowed by the synthesized policies, and {@code restore-drill preflight} asks AWS the same of a deployed
 * stack.
 */
public final class FunctionCalls {

    static final String RESOURCE = "function-calls.json";

    private FunctionCalls() {
    }

    /** Every call of the manifest, in file order. */
    public static List<FunctionCall> load() {
        try (InputStream in = FunctionCalls.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath beside "
                        + FunctionCalls.class.getName());
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The calls one function makes. */
    public static List<FunctionCall> of(String function) {
        return load().stream().filter(c -> c.function().equals(function)).toList();
    }

    static List<FunctionCall> parse(JsonNode root) {
        JsonNode calls = root.path("calls");
        if (!calls.isArray()) {
            throw new IllegalStateException(RESOURCE + ": expected {\"calls\": [...]}");
        }
        List<FunctionCall> result = new ArrayList<>();
        for (JsonNode call : calls) {
            String where = RESOURCE + ": calls[" + result.size() + "]";
            try {
                result.add(new FunctionCall(text(call, "function", where), text(call, "action", where),
                        strings(call.path("resources"), where + ".resources"), context(call.path("context"), where),
                        tags(call.path("resourceTags"), where), text(call, "why", where)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(result);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalStateException(where + ": \"" + field + "\" must be a non-empty string");
        }
        return value.asText();
    }

    private static List<String> strings(JsonNode node, String where) {
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        if (!node.isArray()) {
            throw new IllegalStateException(where + ": expected a string or a list of strings");
        }
        List<String> values = new ArrayList<>();
        node.forEach(v -> {
            if (!v.isTextual()) {
                throw new IllegalStateException(where + ": expected strings, found " + v);
            }
            values.add(v.asText());
        });
        return values;
    }

    private static Map<String, List<String>> context(JsonNode node, String where) {
        Map<String, List<String>> context = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return context;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            context.put(entry.getKey(), strings(entry.getValue(), where + ".context." + entry.getKey()));
        }
        return context;
    }

    private static Map<String, String> tags(JsonNode node, String where) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return tags;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw new IllegalStateException(where + ".resourceTags." + entry.getKey() + ": expected a string");
            }
            tags.put(entry.getKey(), entry.getValue().asText());
        }
        return tags;
    }
}
