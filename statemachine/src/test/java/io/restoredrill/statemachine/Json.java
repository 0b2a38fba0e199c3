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
