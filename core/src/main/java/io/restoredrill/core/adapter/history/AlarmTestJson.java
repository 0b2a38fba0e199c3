package io.restoredrill.core.adapter.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.core.domain.AlarmTest;
import io.restoredrill.core.domain.Verdict;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * An alarm test's record as JSON, the one format its writer (the night's summary) and its readers (the history's
 * archives) share: {@code {"kind": "alarm-test", "execution", "at", "verdict", "reason"}}.
 */
public final class AlarmTestJson {

    public static final String KIND = "alarm-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlarmTestJson() {
    }

    public static ObjectNode toJson(AlarmTest.Record record) {
        ObjectNode node = JSON.createObjectNode();
        node.put("kind", KIND);
        node.put("execution", record.execution());
        node.put("at", record.at().toString());
        node.put("verdict", record.verdict().name());
        node.put("reason", record.reason());
        return node;
    }

    /** @throws IllegalArgumentException saying what is wrong, for a document that is not an alarm test's record */
    public static AlarmTest.Record parse(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (node == null || !KIND.equals(node.path("kind").asText())) {
            throw new IllegalArgumentException("not an alarm test's record (no \"kind\": \"" + KIND + "\")");
        }
        try {
            return new AlarmTest.Record(text(node, "execution"), Instant.parse(text(node, "at")),
                    Verdict.valueOf(text(node, "verdict")), text(node, "reason"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"at\" is not an ISO-8601 instant: " + node.path("at").asText(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        if (!node.path(field).isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing");
        }
        return node.get(field).asText();
    }
}
