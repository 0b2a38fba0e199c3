package io.restoredrill.statemachine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * A child execution's input, as the parent's ItemSelector builds it from the plan's item
     * {@code {"drill", "limits"}}: the counters' starting values come from the definition.
     */
    static JsonNode childInput(JsonNode spec, String parentExecutionId, int index, int restoreSeconds) {
        JsonNode selector = DefinitionFacts.itemSelector();
        ObjectNode input = MAPPER.createObjectNode();
        input.putObject("state").<ObjectNode>set("drill", spec).put("executionId", parentExecutionId);
        input.putObject("limits").put("restoreSeconds", restoreSeconds);
        input.put("index", index);
        input.set("polls", selector.path("polls"));
        input.set("rounds", selector.path("rounds"));
        return input;
    }

    /** The execution input: {"drills": [ <spec>, ... ]}. */
    static JsonNode drills(JsonNode... specs) {
        ObjectNode input = MAPPER.createObjectNode();
        ArrayNode drills = input.putArray("drills");
        for (JsonNode spec : specs) {
            drills.add(spec);
        }
        return input;
    }
}
