package io.restoredrill.core.adapter.plan;

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
 * Terraform's JSON plan ({@code terraform show -json <planfile>}), as its documentation describes it
 * (https://developer.hashicorp.com/terraform/internals/json-format): {@code format_version} "major.minor", where
 * minor versions only add; {@code resource_changes[]} with each resource's {@code address}, {@code type} and
 * {@code change.actions} ({@code no-op}, {@code create}, {@code read}, {@code update}, {@code delete},
 * {@code ["delete","create"]} and {@code ["create","delete"]} for replacements, {@code forget}), {@code before} and
 * {@code after} values and {@code after_unknown}.
 */
final class TerraformPlanJson {

    /** The format major version this reader knows; Terraform promises that minor versions stay compatible. */
    static final int SUPPORTED_MAJOR = 1;

    private static final List<String> NAME_ATTRIBUTES = List.of("identifier", "cluster_identifier", "bucket", "name",
            "global_cluster_identifier", "db_snapshot_identifier", "db_cluster_snapshot_identifier",
            "target_db_snapshot_identifier", "id");

    private TerraformPlanJson() {
    }

    static ReadPlan read(JsonNode root, String origin) {
        String format = PlanFiles.text(root, "format_version");
        if (format.isEmpty()) {
            throw new InvalidConfigurationException("the Terraform plan " + origin + " has no \"format_version\"");
        }
        int major;
        try {
            major = Integer.parseInt(format.split("\\.")[0]);
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException("the Terraform plan " + origin + " has format_version \"" + format
                    + "\", not major.minor", e);
        }
        if (major != SUPPORTED_MAJOR) {
            throw new InvalidConfigurationException("the Terraform plan " + origin + " has format_version " + format
                    + "; this guard reads format " + SUPPORTED_MAJOR + ".x (a new major version may change what a"
                    + " change means, so it is not guessed at)");
        }
        JsonNode changes = root.get("resource_changes");
        List<PlannedChange> planned = new ArrayList<>();
        if (changes != null && !changes.isNull()) {
            if (!changes.isArray()) {
                throw new InvalidConfigurationException("the Terraform plan " + origin
                        + ": \"resource_changes\" is not a list");
            }
            for (JsonNode change : changes) {
                planned.add(change(change, origin));
            }
        }
        return new ReadPlan("Terraform " + Optional.of(PlanFiles.text(root, "terraform_version"))
                .filter(v -> !v.isEmpty()).orElse("(version not given)") + " plan (format " + format + ")", planned);
    }

    private static PlannedChange change(JsonNode resource, String origin) {
        String address = PlanFiles.text(resource, "address");
        JsonNode change = resource.path("change");
        JsonNode actions = change.path("actions");
        if (address.isEmpty() || !actions.isArray()) {
            throw new InvalidConfigurationException("the Terraform plan " + origin + " has a resource change without"
                    + " \"address\" or \"change.actions\"");
        }
        List<String> words = new ArrayList<>();
        actions.forEach(a -> words.add(a.asText()));
        ChangeKind kind = kind(words);
        JsonNode before = change.path("before");
        JsonNode after = change.path("after");
        Optional<Boolean> protection = kind.leavesResource()
                ? change.path("after_unknown").path("deletion_protection").asBoolean(false)
                ? Optional.empty() : bool(after.path("deletion_protection"))
                : bool(before.path("deletion_protection"));
        Set<String> names = new HashSet<>();
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode values : List.of(before, after)) {
            for (String attribute : NAME_ATTRIBUTES) {
                JsonNode name = values.path(attribute);
                if (name.isTextual() && !name.asText().isEmpty()) {
                    names.add(name.asText());
                }
            }
            for (String field : List.of("tags", "tags_all")) {
                values.path(field).properties().forEach(tag -> tags.put(tag.getKey(), tag.getValue().asText()));
            }
        }
        Optional<String> reason = Optional.of(PlanFiles.text(resource, "action_reason")).filter(r -> !r.isEmpty())
                .map(r -> "Terraform's reason: " + r);
        return new PlannedChange(address, PlanFiles.text(resource, "type"), kind, protection, false, names, tags,
                reason);
    }

    static ChangeKind kind(List<String> actions) {
        if (actions.contains("delete")) {
            return actions.contains("create") ? ChangeKind.REPLACE
                    : actions.size() == 1 ? ChangeKind.DELETE : ChangeKind.MAY_DELETE;
        }
        if (actions.equals(List.of("create"))) {
            return ChangeKind.CREATE;
        }
        if (actions.equals(List.of("update"))) {
            return ChangeKind.UPDATE;
        }
        if (actions.equals(List.of("no-op")) || actions.equals(List.of("read"))) {
            return ChangeKind.NONE;
        }
        if (actions.equals(List.of("forget"))) {
            return ChangeKind.KEPT;
        }
        // An action this reader does not know: assume the worst for protected resources.
        return ChangeKind.MAY_DELETE;
    }

    private static Optional<Boolean> bool(JsonNode node) {
        return node.isBoolean() ? Optional.of(node.asBoolean()) : Optional.empty();
    }
}
