package io.restoredrill.cli.preflight.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.cli.preflight.PreflightDrill;
import io.restoredrill.core.domain.DrillSpec.RdsTargetSpec;
import io.restoredrill.core.domain.InvalidConfigurationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The drills of the nightly rule's target Input, reduced to what the preflight checks. The Input either holds them
 * ({@code {"drills": [spec, ...]}}) or names the deployed drill list ({@code {"drillList": {"bucket", "key"}}}, an
 * S3 object of the same {@code {"drills": [...]}} shape, written at deploy time). The specs were validated when the
 * stack was synthesized; a drill without a subnet group uses the stack's (the plan function fills it in the same way).
 */
final class ScheduleInput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ScheduleInput() {
    }

    /** The S3 object of the deployed drill list, when the Input names one. */
    record DrillList(String bucket, String key) {
        @Override
        public String toString() {
            return "s3://" + bucket + "/" + key;
        }
    }

    static Optional<DrillList> drillList(String input) {
        JsonNode list = tree(input, "the schedule's input").path("drillList");
        if (list.path("bucket").isTextual() && list.path("key").isTextual()) {
            return Optional.of(new DrillList(list.path("bucket").asText(), list.path("key").asText()));
        }
        return Optional.empty();
    }

    /** @param document the Input, or the drill list it names: {@code {"drills": [...]}} */
    static List<PreflightDrill> drills(String document, String stackSubnetGroup) {
        JsonNode root = tree(document, "the schedule's drills");
        List<PreflightDrill> drills = new ArrayList<>();
        for (JsonNode drill : root.path("drills")) {
            JsonNode snapshots = drill.path("source").path("rdsSnapshot");
            Optional<PreflightDrill.SnapshotSource> source = snapshots.isObject()
                    ? Optional.of(new PreflightDrill.SnapshotSource(snapshots.path("dbInstanceIdentifier").asText(),
                            snapshots.path("allowAutomated").asBoolean(false),
                            text(snapshots.path("copyShared").path("kmsKeyId"))))
                    : Optional.empty();
            JsonNode rds = drill.path("target").path("rds");
            List<String> groups = new ArrayList<>();
            rds.path("vpcSecurityGroupIds").forEach(g -> groups.add(g.asText()));
            drills.add(new PreflightDrill(drill.path("name").asText(), source,
                    text(rds.path("dbSubnetGroupName")).orElse(stackSubnetGroup), groups,
                    rds.path("allocatedStorageGb").asInt(RdsTargetSpec.DEFAULT_ALLOCATED_STORAGE_GB)));
        }
        return drills;
    }

    private static JsonNode tree(String text, String what) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigurationException(what + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }
}
