package io.restoredrill.infra.iam;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One statement of an identity-based policy, with its CloudFormation intrinsics already resolved to text.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 *
 * @param where      where it comes from (role, policy and Sid), for messages
 * @param allow      Effect Allow (true) or Deny (false)
 * @param actions    Action, or NotAction when {@code notAction}
 * @param resources  Resource, or NotResource when {@code notResource}
 * @param conditions the Condition block, one entry per operator and key
 */
record Statement(String where, boolean allow, List<String> actions, boolean notAction, List<String> resources,
                 boolean notResource, List<Condition> conditions) {

    private static final Set<String> ELEMENTS = Set.of("Sid", "Effect", "Action", "NotAction", "Resource",
            "NotResource", "Condition");

    static Statement parse(String where, JsonNode node) {
        node.fieldNames().forEachRemaining(name -> {
            if (!ELEMENTS.contains(name)) {
                throw new IllegalArgumentException(where + ": element \"" + name + "\" is not one of an identity-based"
                        + " policy's statement elements " + ELEMENTS);
            }
        });
        String sid = node.path("Sid").asText("");
        String at = sid.isEmpty() ? where : where + " (Sid " + sid + ")";
        String effect = node.path("Effect").asText();
        if (!effect.equals("Allow") && !effect.equals("Deny")) {
            throw new IllegalArgumentException(at + ": Effect must be Allow or Deny (case-sensitive), not \"" + effect + "\"");
        }
        boolean notAction = node.has("NotAction");
        boolean notResource = node.has("NotResource");
        if (node.has("Action") == notAction) {
            throw new IllegalArgumentException(at + ": a statement has exactly one of Action and NotAction");
        }
        if (node.has("Resource") == notResource) {
            throw new IllegalArgumentException(at + ": a statement has exactly one of Resource and NotResource");
        }
        List<String> resources = strings(at, node.get(notResource ? "NotResource" : "Resource"));
        resources.forEach(r -> {
            if (r.contains("${")) {
                throw new IllegalArgumentException(at + ": resource " + r + " holds a policy variable or an unresolved"
                        + " intrinsic; this evaluator supports neither");
            }
        });
        List<Condition> conditions = new ArrayList<>();
        JsonNode block = node.path("Condition");
        block.properties().forEach(operator -> operator.getValue().properties().forEach(key ->
                conditions.add(Condition.of(at, operator.getKey(), key.getKey(), strings(at, key.getValue())))));
        return new Statement(at, effect.equals("Allow"), strings(at, node.get(notAction ? "NotAction" : "Action")),
                notAction, resources, notResource, List.copyOf(conditions));
    }

    /** Whether Action (or NotAction) covers the action; action names are case-insensitive. */
    boolean coversAction(String action) {
        boolean listed = actions.stream().anyMatch(a -> Wildcards.matches(a, action, true));
        return listed != notAction;
    }

    /** Whether Resource (or NotResource) covers the resource. */
    boolean coversResource(String resource) {
        boolean listed = resources.stream().anyMatch(r -> Wildcards.arnMatches(r, resource));
        return listed != notResource;
    }

    private static List<String> strings(String where, JsonNode node) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : node.isArray() ? node : List.of(node)) {
            if (item.isObject() || item.isArray()) {
                throw new IllegalArgumentException(where + ": expected text, found " + item
                        + " (an intrinsic left unresolved?)");
            }
            out.add(item.asText());
        }
        return List.copyOf(out);
    }
}
