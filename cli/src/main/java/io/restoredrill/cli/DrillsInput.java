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

/**
 * A drills file (one spec, or {@code drills: [...]}) as the state machine's input {@code {"drills": [...]}}: each
 * spec as written in the file, converted from YAML to JSON. The Lambda handlers validate the specs again with the
 * same parser; validating here first means a bad file fails on the user's machine, before an execution starts.
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
}
