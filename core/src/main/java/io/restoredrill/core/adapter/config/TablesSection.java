package io.restoredrill.core.adapter.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The top-level {@code tables:} mapping of the checks file and the drill spec: per-table settings, today the
 * tolerance that overrides the global {@code maxShrink} for that table:
 *
 * <pre>{@code
 * tables:
 *   audit_log: { maxShrink: 100% }        # a table name: that table in any schema
 *   shop.orders: { maxShrink: 2% }        # schema.table: that table only
 * }</pre>
 */
final class TablesSection {

    private record TableDefinition(String maxShrink) {
    }

    private TablesSection() {
    }

    /**
     * @param node the node under {@code tables}; null when the key is absent
     * @return the tolerance (0..1) by table name, in file order
     */
    static Map<String, Double> parse(JsonNode node, String origin) {
        ConfigItem top = new ConfigItem(origin, "tables");
        if (node == null || node.isMissingNode()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw top.invalid("must be a mapping of table names, e.g. tables: { audit_log: { maxShrink: 100% } };"
                    + " found " + YamlDocuments.describe(node));
        }
        Map<String, Double> tolerances = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey().strip();
            ConfigItem item = new ConfigItem(origin, "tables." + name);
            if (name.isEmpty() || name.chars().filter(ch -> ch == '.').count() > 2 || name.startsWith(".")
                    || name.endsWith(".") || name.contains("..")) {
                throw item.invalid("\"" + entry.getKey() + "\" is not a table name: give schema.table or a table"
                        + " name (database.schema.table for a table of one of a pg_dumpall backup's databases)");
            }
            if (!entry.getValue().isObject()) {
                throw item.invalid("must be a mapping with the keys " + String.join(", ",
                        YamlDocuments.keysOf(TableDefinition.class)) + ", found "
                        + YamlDocuments.describe(entry.getValue()));
            }
            TableDefinition d = YamlDocuments.bind(entry.getValue(), TableDefinition.class, item);
            if (d.maxShrink() == null || d.maxShrink().isBlank()) {
                throw item.invalid("\"maxShrink\" is missing: give a percentage, e.g. maxShrink: 100%");
            }
            try {
                tolerances.put(name, Percentages.parse(d.maxShrink()));
            } catch (IllegalArgumentException e) {
                throw item.invalid("maxShrink: " + e.getMessage(), e);
            }
        }
        return tolerances;
    }
}
