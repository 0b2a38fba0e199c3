package io.restoredrill.cli.preflight.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.cli.preflight.PreflightDrill;
import io.restoredrill.core.domain.InvalidConfigurationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The drills of the nightly rule's target Input ({@code {"drills": [spec, ...]}}), reduced to what the preflight
 * checks. The specs were validated when the stack was synthesized; a drill without a subnet group uses the stack's.
 */
final class ScheduleInput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ScheduleInput() {
    }

    static List<PreflightDrill> drills(String input, String stackSubnetGroup) {
        JsonNode root;
        try {
            root = JSON.readTree(input);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigurationException("the schedule's input is not JSON: " + e.getOriginalMessage(), e);
        }
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
                    text(rds.path("dbSubnetGroupName")).orElse(stackSubnetGroup), groups));
        }
        return drills;
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }
}
