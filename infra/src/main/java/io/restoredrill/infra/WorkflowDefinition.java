package io.restoredrill.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The deployable definition from the statemachine module's two files: {@code fleet.asl.json} (the night) with the
 * states of {@code drill.asl.json} (one drill, beside it) embedded as the ItemProcessor of its Distributed Map state
 * {@value #DRILLS_MAP_STATE}, as {@code io.restoredrill.statemachine.Definition.text()} does. Read from the files, so
 * infra does not build the statemachine module (and run its engine tests) to synthesize. A definition whose Map
 * holds its own ItemProcessor states and has no drill file beside it is deployed as it is.
 */
final class WorkflowDefinition {

    /** The Distributed Map state of the parent that runs one child execution per drill. */
    static final String DRILLS_MAP_STATE = "RunDrills";
    /** The child definition's file name, beside the parent's. */
    static final String DRILL_FILE = "drill.asl.json";

    private WorkflowDefinition() {
    }

    static String deployable(Path fleetDefinition) {
        try {
            ObjectMapper json = new ObjectMapper();
            JsonNode root = json.readTree(Files.readString(fleetDefinition));
            JsonNode map = root.path("States").path(DRILLS_MAP_STATE);
            if (!"Map".equals(map.path("Type").asText()) || !map.path("ItemProcessor").isObject()) {
                throw new IllegalStateException(fleetDefinition + " has no Map state \"" + DRILLS_MAP_STATE + "\"");
            }
            Path drillFile = fleetDefinition.resolveSibling(DRILL_FILE);
            if (Files.isRegularFile(drillFile)) {
                JsonNode drill = json.readTree(Files.readString(drillFile));
                ObjectNode processor = (ObjectNode) map.path("ItemProcessor");
                processor.set("StartAt", drill.path("StartAt"));
                processor.set("States", drill.path("States"));
            }
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state machine definition " + fleetDefinition, e);
        }
    }
}
