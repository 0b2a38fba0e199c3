package io.restoredrill.core.adapter.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.domain.HealthCheck;
import io.restoredrill.core.domain.InvalidConfigurationException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the YAML list of health checks into {@link HealthCheck}s. Any file format that holds checks (the
 * checks file, a drill spec) hands its {@code checks} node here, so checks are written and validated the same
 * way everywhere.
 */
final class CheckList {

    private CheckList() {
    }

    /**
     * @param checks the node under {@code key}; may be null or missing when the key is absent
     * @param key    the key the list sits under, for messages
     * @param origin the file, for messages
     * @return the checks in file order; empty for an empty list
     */
    static List<HealthCheck> parse(JsonNode checks, String key, String origin) {
        if (checks == null || checks.isMissingNode()) {
            throw new InvalidConfigurationException(origin + ": \"" + key + "\" is missing: list the checks under it");
        }
        if (!checks.isArray()) {
            throw new InvalidConfigurationException(origin + ": \"" + key + "\" must be a list of checks (each"
                    + " starting with \"- name: ...\"), found " + YamlDocuments.describe(checks));
        }
        List<HealthCheck> result = new ArrayList<>();
        Map<String, Integer> positionByName = new HashMap<>();
        int position = 0;
        for (JsonNode node : checks) {
            position++;
            ConfigItem item = new ConfigItem(origin, label(node, position));
            if (!node.isObject()) {
                throw item.invalid("must be a mapping with the keys "
                        + String.join(", ", YamlDocuments.keysOf(CheckDefinition.class))
                        + ", found " + YamlDocuments.describe(node));
            }
            rejectKeysWithoutValue(node, item);
            HealthCheck check = YamlDocuments.bind(node, CheckDefinition.class, item).toHealthCheck(item);
            Integer earlier = positionByName.putIfAbsent(check.name(), position);
            if (earlier != null) {
                throw item.invalid("duplicate name: checks #" + earlier + " and #" + position
                        + " are both called \"" + check.name() + "\"; names must be unique");
            }
            result.add(check);
        }
        return result;
    }

    /** {@code check "orders"} when the check has a usable name, else {@code check #3}. */
    private static String label(JsonNode node, int position) {
        JsonNode name = node.isObject() ? node.get("name") : null;
        if (name != null && name.isValueNode() && !name.isNull() && !name.asText().isBlank()) {
            return "check \"" + name.asText() + "\"";
        }
        return "check #" + position;
    }

    // "expect:" with nothing after it binds to null, exactly like a missing key, but almost certainly means
    // the author forgot the value: a check that silently lost its expectation would pass on any result.
    private static void rejectKeysWithoutValue(JsonNode node, ConfigItem item) {
        for (String key : YamlDocuments.keysOf(CheckDefinition.class)) {
            if (node.has(key) && node.get(key).isNull()) {
                throw item.invalid("\"" + key + "\" has no value; give one or leave the key out");
            }
        }
    }
}
