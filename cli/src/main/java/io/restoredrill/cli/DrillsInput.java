package io.restoredrill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.restoredrill.core.adapter.config.DrillSpecFile;
import io.restoredrill.core.domain.InvalidConfigurationException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The input of a manual run of the state machine, in one of the shapes the plan step reads (docs: the fleet contract,
 * "Manual input"): a drills file inline ({@code {"drills": [...]}}), a subset of the deployed drill list by name
 * ({@code {"only": [...]}}), or the deployed list as it is ({@code {}}).
 *
 * <p>A drills file (one spec, or {@code drills: [...]}) goes in as each spec written in the file, converted from YAML
 * to JSON. The plan function validates the specs again with the same parser; validating here first means a bad file
 * fails on the user's machine, before an execution starts.
 */
final class DrillsInput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DrillsInput() {
    }

    /**
     * @throws InvalidConfigurationException naming the file and what is wrong with it
     */
    static String fromFile(Path file) {
        DrillSpecFile.readList(file);
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            // readList just parsed the same file: only a file changed or removed in between gets here.
            throw new InvalidConfigurationException("drills file " + file + " cannot be read: " + e.getMessage(), e);
        }
        ArrayNode drills = root.has("drills") ? (ArrayNode) root.get("drills")
                : JsonNodeFactory.instance.arrayNode().add(root);
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.set("drills", drills);
        try {
            return JSON.writeValueAsString(input);
        } catch (IOException e) {
            throw new IllegalStateException("a YAML tree did not serialize as JSON", e); // only a bug gets here
        }
    }

    /**
     * {@code {"only": [names]}}: the drills of the deployed list with these names. Whether the deployed list has them
     * is the plan's to say (it fails naming the unknown one); here a blank or repeated name is a usage error.
     *
     * @throws InvalidConfigurationException for a blank or repeated name
     */
    static String only(List<String> names) {
        if (names.isEmpty()) {
            throw new InvalidConfigurationException("--only names no drill: give one or more drill names, a,b,...");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String name : names) {
            String trimmed = name.strip();
            if (trimmed.isEmpty()) {
                throw new InvalidConfigurationException("--only " + String.join(",", names)
                        + ": a drill name is empty");
            }
            if (!unique.add(trimmed)) {
                throw new InvalidConfigurationException("--only " + String.join(",", names) + ": drill \""
                        + trimmed + "\" is named twice");
            }
        }
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        unique.forEach(input.putArray("only")::add);
        return input.toString();
    }

    /** {@code {"alarmTest": true}}: the plan runs the alarm test's one drill, which fails on purpose. */
    static String alarmTest() {
        return "{\"alarmTest\":true}";
    }

    /** {@code {}}: every drill of the deployed list (the plan reads it from DRILL_LIST_BUCKET/DRILL_LIST_KEY). */
    static String deployedList() {
        return "{}";
    }
}
