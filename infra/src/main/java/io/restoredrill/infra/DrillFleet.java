package io.restoredrill.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.restoredrill.core.adapter.config.DrillSpecFile;
import io.restoredrill.core.domain.DrillSpec;
import io.restoredrill.core.domain.InvalidConfigurationException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The drills that the nightly schedule runs, read from the drills file and validated at synth time with the same
 * parser the functions use, so a typo fails {@code cdk synth} instead of the 03:00 run.
 *
 * <p>Two target keys may be left out because the stack provides them: {@code target.rds.dbSubnetGroupName} (the
 * stack's subnet group over the private subnets, filled into the execution input) and
 * {@code target.rds.vpcSecurityGroupIds}: restore and status add the stack's temporary-instance security group, the
 * only one that admits the validate function, to every temporary instance whatever the spec names (environment
 * variable {@code TEMPORARY_INSTANCE_SECURITY_GROUP_ID}), so a spec may name none.
 */
public record DrillFleet(List<Drill> drills) {

    /**
     * One drill.
     *
     * @param spec                 the validated spec
     * @param document             the spec as JSON, as the state machine receives it (without stack-provided keys)
     * @param usesStackSubnetGroup the spec names no subnet group: the stack's is filled in
     * @param usesStackSecurityGroup the spec names no security groups: the instance gets only the stack's temporary-instance group
     */
    public record Drill(DrillSpec spec, ObjectNode document, boolean usesStackSubnetGroup,
                        boolean usesStackSecurityGroup) {
        public Drill {
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(document, "document");
        }

        public String name() {
            return spec.name();
        }

        /** The drill's allowed backup age in hours, when its spec states one. */
        public Optional<Double> maxBackupAgeHours() {
            return spec.maxBackupAge().map(age -> age.toSeconds() / 3600.0);
        }
    }

    public DrillFleet {
        drills = List.copyOf(drills);
        if (drills.isEmpty()) {
            throw new InvalidConfigurationException("the drills file names no drill");
        }
    }

    /** Reads a drills file: YAML or JSON, either {@code drills: [spec, ...]} or a single spec. */
    public static DrillFleet read(Path file) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidConfigurationException(file + ": cannot read the drills file: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidConfigurationException(file + ": a drills file holds a mapping: drills: [spec, ...]");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (root.has("drills")) {
            if (!root.get("drills").isArray()) {
                throw new InvalidConfigurationException(file + ": \"drills\" must be a list of drill specs");
            }
            root.get("drills").forEach(nodes::add);
        } else {
            nodes.add(root);
        }
        List<Drill> drills = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode node : nodes) {
            String origin = file + ": drills[" + drills.size() + "]";
            if (!node.isObject()) {
                throw new InvalidConfigurationException(origin + ": a drill spec must be a mapping");
            }
            Drill drill = validate((ObjectNode) node, origin);
            if (!names.add(drill.name())) {
                throw new InvalidConfigurationException(file + ": two drills are called \"" + drill.name()
                        + "\"; names must be unique (they name alarms and temporary instances)");
            }
            drills.add(drill);
        }
        return new DrillFleet(drills);
    }

    private static Drill validate(ObjectNode document, String origin) {
        JsonNode rds = document.path("target").path("rds");
        boolean noSubnetGroup = !rds.hasNonNull("dbSubnetGroupName") || rds.get("dbSubnetGroupName").asText().isBlank();
        boolean noSecurityGroups = !rds.hasNonNull("vpcSecurityGroupIds")
                || (rds.get("vpcSecurityGroupIds").isArray() && rds.get("vpcSecurityGroupIds").isEmpty());
        // Validate as the functions will see it: with the stack's values in place (the security group is added by
        // restore and status from their environment, so a spec without any is complete).
        ObjectNode asDeployed = document.deepCopy();
        if (asDeployed.path("target").path("rds") instanceof ObjectNode target) {
            if (noSubnetGroup) {
                target.put("dbSubnetGroupName", "stack-provided");
            }
            if (noSecurityGroups) {
                ArrayNode groups = target.putArray("vpcSecurityGroupIds");
                groups.add("sg-stackprovided");
            }
        }
        DrillSpec spec = DrillSpecFile.parse(asDeployed, origin);
        return new Drill(spec, document.deepCopy(), noSubnetGroup, noSecurityGroups);
    }
}
