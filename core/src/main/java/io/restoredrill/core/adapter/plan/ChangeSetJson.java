package io.restoredrill.core.adapter.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.guard.ChangeKind;
import io.restoredrill.core.guard.PlannedChange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A CloudFormation change set as DescribeChangeSet returns it (the AWS CLI's
 * {@code describe-change-set --include-property-values --output json}), by the API Reference's shapes:
 * {@code Changes[]} of {@code Type} {@code Resource} carry a {@code ResourceChange}
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ResourceChange.html) with
 * <ul>
 *   <li>{@code Action}: Add, Modify, Remove, Import, Dynamic (the exact action cannot be determined: it may delete)
 *       or SyncWithActual (the resource is not changed, only CloudFormation's metadata);</li>
 *   <li>{@code Replacement} (Modify): True, False or Conditional (may replace);</li>
 *   <li>{@code PolicyAction}: Delete, Retain, Snapshot, ReplaceAndDelete, ReplaceAndRetain, ReplaceAndSnapshot:
 *       whether a removed or replaced resource is really deleted;</li>
 *   <li>{@code BeforeContext} / {@code AfterContext}: JSON encoded as a string, the only place where a database's
 *       {@code DeletionProtection} shows. Their inner shape is not specified beyond that; this reader takes the
 *       properties from {@code Properties} when present, else from the top level, and accepts booleans written as
 *       JSON booleans or as strings.</li>
 * </ul>
 */
final class ChangeSetJson {

    private static final List<String> NAME_PROPERTIES = List.of("BucketName", "DBInstanceIdentifier",
            "DBClusterIdentifier", "GlobalClusterIdentifier", "BackupVaultName");

    private ChangeSetJson() {
    }

    static ReadPlan read(JsonNode root, String origin) {
        JsonNode changes = root.get("Changes");
        if (!changes.isArray()) {
            throw new InvalidConfigurationException("the change set " + origin + ": \"Changes\" is not a list");
        }
        List<PlannedChange> planned = new ArrayList<>();
        for (JsonNode change : changes) {
            if (!"Resource".equals(PlanFiles.text(change, "Type"))) {
                continue; // e.g. hook invocations: no resource changes
            }
            planned.add(change(change.path("ResourceChange"), origin));
        }
        String name = PlanFiles.text(root, "ChangeSetName");
        String stack = PlanFiles.text(root, "StackName");
        return new ReadPlan("CloudFormation change set" + (name.isEmpty() ? "" : " " + name)
                + (stack.isEmpty() ? "" : " of stack " + stack), planned);
    }

    private static PlannedChange change(JsonNode change, String origin) {
        String logicalId = PlanFiles.text(change, "LogicalResourceId");
        String action = PlanFiles.text(change, "Action");
        if (logicalId.isEmpty() || action.isEmpty()) {
            throw new InvalidConfigurationException("the change set " + origin + " has a resource change without"
                    + " \"LogicalResourceId\" or \"Action\"");
        }
        String replacement = PlanFiles.text(change, "Replacement");
        String policy = PlanFiles.text(change, "PolicyAction");
        ChangeKind kind = kind(action, replacement, policy);
        JsonNode before = properties(change, "BeforeContext", origin, logicalId);
        JsonNode after = properties(change, "AfterContext", origin, logicalId);
        boolean hasAfter = change.hasNonNull("AfterContext");
        JsonNode judged = kind.leavesResource() ? after : before;
        Optional<Boolean> protection = bool(judged.path("DeletionProtection"))
                .or(() -> (kind.leavesResource() ? hasAfter : change.hasNonNull("BeforeContext"))
                        ? Optional.of(false) : Optional.empty()); // an absent property is RDS's default: off
        boolean inCluster = !PlanFiles.text(judged, "DBClusterIdentifier").isEmpty()
                && "AWS::RDS::DBInstance".equals(PlanFiles.text(change, "ResourceType"));
        Set<String> names = new HashSet<>();
        Optional.of(PlanFiles.text(change, "PhysicalResourceId")).filter(n -> !n.isEmpty()).ifPresent(names::add);
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode properties : List.of(before, after)) {
            for (String property : NAME_PROPERTIES) {
                Optional.of(PlanFiles.text(properties, property)).filter(n -> !n.isEmpty()).ifPresent(names::add);
            }
            properties.path("Tags").forEach(tag -> tags.put(PlanFiles.text(tag, "Key"), PlanFiles.text(tag, "Value")));
        }
        Optional<String> detail = Optional.of(policy).filter(p -> !p.isEmpty()).map(p -> switch (p) {
            case "Snapshot", "ReplaceAndSnapshot" -> "PolicyAction " + p + ": a final snapshot is taken, but the"
                    + " database itself is deleted";
            default -> "PolicyAction " + p;
        });
        if (action.equals("Dynamic")) {
            detail = Optional.of("Action Dynamic: CloudFormation cannot tell yet what it will do");
        } else if (replacement.equals("Conditional")) {
            detail = Optional.of("Replacement Conditional: replaced if a changed property needs it");
        }
        return new PlannedChange(logicalId, PlanFiles.text(change, "ResourceType"), kind, protection, inCluster, names,
                tags, detail);
    }

    static ChangeKind kind(String action, String replacement, String policy) {
        return switch (action) {
            case "Add" -> ChangeKind.CREATE;
            case "Remove" -> policy.equals("Retain") ? ChangeKind.KEPT : ChangeKind.DELETE;
            case "Modify" -> switch (replacement) {
                // The old resource is kept beside its replacement: nothing is lost, but the new one is a database.
                case "True" -> policy.equals("ReplaceAndRetain") ? ChangeKind.CREATE : ChangeKind.REPLACE;
                case "Conditional" -> policy.equals("ReplaceAndRetain") ? ChangeKind.UPDATE : ChangeKind.MAY_DELETE;
                default -> ChangeKind.UPDATE;
            };
            case "Import", "SyncWithActual" -> ChangeKind.NONE;
            // Dynamic, and any action added after this was written.
            default -> ChangeKind.MAY_DELETE;
        };
    }

    private static JsonNode properties(JsonNode change, String field, String origin, String logicalId) {
        JsonNode context = change.get(field);
        if (context == null || context.isNull() || context.asText().isBlank()) {
            return PlanFiles.JSON.missingNode();
        }
        try {
            JsonNode parsed = context.isTextual() ? PlanFiles.JSON.readTree(context.asText()) : context;
            return parsed.has("Properties") ? parsed.get("Properties") : parsed;
        } catch (JsonProcessingException e) {
            throw new InvalidConfigurationException("the change set " + origin + ": " + field + " of " + logicalId
                    + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Optional<Boolean> bool(JsonNode node) {
        if (node.isBoolean()) {
            return Optional.of(node.asBoolean());
        }
        if (node.isTextual() && (node.asText().equalsIgnoreCase("true") || node.asText().equalsIgnoreCase("false"))) {
            return Optional.of(Boolean.parseBoolean(node.asText()));
        }
        return Optional.empty();
    }
}
