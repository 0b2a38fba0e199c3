package io.restoredrill.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The IAM statements of the synthesized template, by the logical id of the role they are attached to. */
record Policies(Map<String, List<JsonNode>> byRole) {

    static Policies of(SynthesizedStack synthesized) {
        JsonNode resources = new ObjectMapper().valueToTree(synthesized.template.toJSON()).get("Resources");
        Map<String, List<JsonNode>> byRole = new LinkedHashMap<>();
        resources.properties().forEach(entry -> {
            JsonNode resource = entry.getValue();
            String type = resource.get("Type").asText();
            if (type.equals("AWS::IAM::Policy")) {
                for (JsonNode role : resource.at("/Properties/Roles")) {
                    byRole.computeIfAbsent(role.get("Ref").asText(), k -> new ArrayList<>())
                            .addAll(statements(resource.at("/Properties/PolicyDocument/Statement")));
                }
            } else if (type.equals("AWS::IAM::Role")) {
                List<JsonNode> inline = byRole.computeIfAbsent(entry.getKey(), k -> new ArrayList<>());
                for (JsonNode policy : resource.at("/Properties/Policies")) {
                    inline.addAll(statements(policy.at("/PolicyDocument/Statement")));
                }
            }
        });
        return new Policies(byRole);
    }

    private static List<JsonNode> statements(JsonNode node) {
        List<JsonNode> list = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(list::add);
        } else if (!node.isMissingNode()) {
            list.add(node);
        }
        return list;
    }

    List<JsonNode> all() {
        return byRole.values().stream().flatMap(List::stream).toList();
    }

    /** The statements of a function's role. */
    List<JsonNode> of(RestoreDrillStack.Handler handler) {
        String prefix = switch (handler) {
            case RESTORE -> "RestoreFunctionRole";
            case STATUS -> "StatusFunctionRole";
            case VALIDATE -> "ValidateFunctionRole";
            case CLEANUP -> "CleanupFunctionRole";
            case REAPER -> "ReaperFunctionRole";
            case PLAN -> "PlanFunctionRole";
            case SUMMARIZE -> "SummarizeFunctionRole";
            case AUDIT -> "AuditFunctionRole";
            case RESTORE_TEST_ADOPT -> "RestoreTestAdoptFunctionRole";
            case RESTORE_TEST_REPORT -> "RestoreTestReportFunctionRole";
        };
        return byRole.entrySet().stream().filter(e -> e.getKey().contains(prefix))
                .flatMap(e -> e.getValue().stream()).toList();
    }

    static List<String> actions(JsonNode statement) {
        return strings(statement.get("Action"));
    }

    /** Resources as text: an Fn::Join renders as its parts concatenated, a Ref or GetAtt as its JSON. */
    static List<String> resources(JsonNode statement) {
        List<String> out = new ArrayList<>();
        JsonNode node = statement.get("Resource");
        if (node == null) {
            return out;
        }
        for (JsonNode item : node.isArray() ? node : List.of(node)) {
            out.add(render(item));
        }
        return out;
    }

    static String render(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.has("Fn::Join")) {
            StringBuilder text = new StringBuilder();
            node.get("Fn::Join").get(1).forEach(part -> text.append(part.isTextual() ? part.asText() : render(part)));
            return text.toString();
        }
        if (node.has("Fn::GetAtt")) {
            return "${" + node.get("Fn::GetAtt").get(0).asText() + "." + node.get("Fn::GetAtt").get(1).asText() + "}";
        }
        if (node.has("Ref")) {
            return "${" + node.get("Ref").asText() + "}";
        }
        return node.toString();
    }

    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    /** The value a condition operator requires of a key, rendered as text, or null. */
    static String condition(JsonNode statement, String operator, String key) {
        JsonNode value = statement.path("Condition").path(operator).path(key);
        if (value.isMissingNode()) {
            return null;
        }
        return value.isArray() ? render(value.get(0)) : render(value);
    }
}
