package io.restoredrill.core.adapter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.ListedDrill;
import io.restoredrill.core.port.DrillSpecReader;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a drill spec given as JSON with {@link DrillSpecFile#parse}, after filling in the deployment's subnet group
 * where the spec names none (as the schedule's input did before the drill list moved to S3). The document kept for
 * the drill's child execution is the spec as given plus that one key; the security group is not filled in: restore
 * and status add the stack's temporary-instance group to every instance themselves.
 */
public final class JsonDrillSpecReader implements DrillSpecReader {

    private final ObjectMapper json = new ObjectMapper();
    private final Optional<String> defaultSubnetGroup;

    /** @param defaultSubnetGroup the stack's DB subnet group, for specs that name none */
    public JsonDrillSpecReader(Optional<String> defaultSubnetGroup) {
        this.defaultSubnetGroup = Objects.requireNonNull(defaultSubnetGroup, "defaultSubnetGroup")
                .filter(s -> !s.isBlank());
    }

    @Override
    public ListedDrill read(String document, String origin) {
        JsonNode node;
        try {
            node = json.readTree(document);
        } catch (IOException e) {
            throw new InvalidConfigurationException(origin + ": the drill spec is not JSON: " + e.getMessage(), e);
        }
        if (node instanceof ObjectNode spec && defaultSubnetGroup.isPresent()
                && spec.path("target").path("rds") instanceof ObjectNode rds
                && (!rds.hasNonNull("dbSubnetGroupName") || rds.get("dbSubnetGroupName").asText().isBlank())) {
            rds.put("dbSubnetGroupName", defaultSubnetGroup.get());
        }
        return new ListedDrill(DrillSpecFile.parse(node, origin), node.toString());
    }
}
