package io.restoredrill.core.adapter.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.domain.FreshnessRequirement;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code proofs.freshness} list, the same in the checks file and the drill spec:
 *
 * <pre>{@code
 * proofs:
 *   freshness:
 *     - { table: shop.orders, column: placed_at, maxAge: 26h }   # timeout: 1m (optional, the query's)
 * }</pre>
 *
 * Every entry needs {@code table}, {@code column} and {@code maxAge}; a table and column may appear once.
 */
final class FreshnessSection {

    private record EntryDefinition(String table, String column, String maxAge, String timeout) {
    }

    private FreshnessSection() {
    }

    /**
     * @param node the node under {@code proofs.freshness}; null when the key is absent
     */
    static List<FreshnessRequirement> parse(JsonNode node, String origin) {
        ConfigItem list = new ConfigItem(origin, "proofs.freshness");
        if (node == null || node.isMissingNode()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw list.invalid("must be a list of { table, column, maxAge } entries, e.g. - { table: shop.orders,"
                    + " column: placed_at, maxAge: 26h }; found " + YamlDocuments.describe(node));
        }
        List<FreshnessRequirement> entries = new ArrayList<>();
        for (JsonNode entry : node) {
            ConfigItem item = new ConfigItem(origin, "proofs.freshness[" + entries.size() + "]");
            if (!entry.isObject()) {
                throw item.invalid("must be a mapping with the keys " + String.join(", ",
                        YamlDocuments.keysOf(EntryDefinition.class)) + ", found " + YamlDocuments.describe(entry));
            }
            EntryDefinition d = YamlDocuments.bind(entry, EntryDefinition.class, item);
            String table = required(d.table(), "table", item);
            String column = required(d.column(), "column", item);
            if (table.chars().filter(ch -> ch == '.').count() > 1) {
                throw item.invalid("table \"" + table + "\" must be schema.table or a table name");
            }
            ConfigItem named = new ConfigItem(origin, "proofs.freshness " + table + "." + column);
            Duration maxAge = duration(required(d.maxAge(), "maxAge", named), "maxAge", named);
            Duration timeout = d.timeout() == null ? FreshnessRequirement.DEFAULT_TIMEOUT
                    : duration(d.timeout(), "timeout", named);
            if (entries.stream().anyMatch(e -> e.table().equals(table) && e.column().equals(column))) {
                throw named.invalid("is listed twice; list each column once");
            }
            entries.add(new FreshnessRequirement(table, column, maxAge, timeout));
        }
        return entries;
    }

    private static String required(String value, String key, ConfigItem item) {
        if (value == null || value.isBlank()) {
            throw item.invalid("\"" + key + "\" is missing or blank");
        }
        return value.strip();
    }

    private static Duration duration(String text, String key, ConfigItem item) {
        Duration parsed;
        try {
            parsed = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw item.invalid(key + ": " + e.getMessage(), e);
        }
        if (parsed.isZero()) {
            throw item.invalid(key + ": must be positive, found " + text);
        }
        return parsed;
    }
}
