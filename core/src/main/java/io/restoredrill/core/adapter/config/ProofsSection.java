package io.restoredrill.core.adapter.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.domain.ProofSettings;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code proofs:} mapping, the same in the checks file and the drill spec. Every key is optional; what is left
 * out keeps the path's default:
 *
 * <pre>{@code
 * proofs:                                   # or  proofs: off
 *   integrity: { budget: 10m }              # or  integrity: off
 *   fullRead: { budget: 10m, perTable: 2m }
 *   schema: { budget: 1m, expect: schema.json }
 *   freshness: [ { table: shop.orders, column: placed_at, maxAge: 26h } ]   # see FreshnessSection
 * }</pre>
 */
final class ProofsSection {

    private record Document(JsonNode integrity, JsonNode fullRead, JsonNode schema, JsonNode freshness) {
    }

    private record IntegrityDefinition(String budget) {
    }

    private record FullReadDefinition(String budget, String perTable) {
    }

    private record SchemaDefinition(String budget, String expect) {
    }

    /** Turns {@code schema.expect}'s text into the fingerprint to compare with, or refuses it for the path. */
    @FunctionalInterface
    interface ExpectedSchemas {
        ProofSettings.ExpectedSchema resolve(String expect, ConfigItem item);
    }

    private static final String SWITCH = "off (or false) to turn it off, on (or true) for the defaults";

    private ProofsSection() {
    }

    /**
     * @param node     the node under {@code proofs}; null when the key is absent
     * @param defaults what is left out keeps
     * @param origin   the file (and item), for messages
     */
    static ProofSettings parse(JsonNode node, ProofSettings defaults, String origin, ExpectedSchemas expected) {
        ConfigItem item = new ConfigItem(origin, "proofs");
        if (node == null || node.isMissingNode()) {
            return defaults;
        }
        Optional<Boolean> all = onOff(node, item);
        if (all.isPresent()) {
            return all.get() ? defaults : ProofSettings.none();
        }
        if (!node.isObject()) {
            throw item.invalid("must be a mapping with the keys " + String.join(", ",
                    YamlDocuments.keysOf(Document.class)) + ", or " + SWITCH + "; found "
                    + YamlDocuments.describe(node));
        }
        Document document = YamlDocuments.bind(node, Document.class, item);
        return new ProofSettings(integrity(node, document.integrity(), defaults.integrity(), origin),
                fullRead(node, document.fullRead(), defaults.fullRead(), origin),
                schema(node, document.schema(), defaults.schema(), origin, expected))
                .withFreshness(FreshnessSection.parse(document.freshness(), origin));
    }

    private static ProofSettings.Integrity integrity(JsonNode proofs, JsonNode node, ProofSettings.Integrity defaults,
                                                     String origin) {
        ConfigItem item = new ConfigItem(origin, "proofs.integrity");
        if (!present(proofs, "integrity", item)) {
            return defaults;
        }
        Optional<Boolean> on = onOff(node, item);
        if (on.isPresent()) {
            return new ProofSettings.Integrity(on.get(), defaults.budget());
        }
        IntegrityDefinition d = YamlDocuments.bind(mapping(node, item, IntegrityDefinition.class),
                IntegrityDefinition.class, item);
        return new ProofSettings.Integrity(true, duration(d.budget(), "budget", defaults.budget(), item));
    }

    private static ProofSettings.FullRead fullRead(JsonNode proofs, JsonNode node, ProofSettings.FullRead defaults,
                                                   String origin) {
        ConfigItem item = new ConfigItem(origin, "proofs.fullRead");
        if (!present(proofs, "fullRead", item)) {
            return defaults;
        }
        Optional<Boolean> on = onOff(node, item);
        if (on.isPresent()) {
            return new ProofSettings.FullRead(on.get(), defaults.budget(), defaults.perTable());
        }
        FullReadDefinition d = YamlDocuments.bind(mapping(node, item, FullReadDefinition.class),
                FullReadDefinition.class, item);
        return new ProofSettings.FullRead(true, duration(d.budget(), "budget", defaults.budget(), item),
                duration(d.perTable(), "perTable", defaults.perTable(), item));
    }

    private static ProofSettings.Schema schema(JsonNode proofs, JsonNode node, ProofSettings.Schema defaults,
                                               String origin, ExpectedSchemas expected) {
        ConfigItem item = new ConfigItem(origin, "proofs.schema");
        if (!present(proofs, "schema", item)) {
            return defaults;
        }
        Optional<Boolean> on = onOff(node, item);
        if (on.isPresent()) {
            return new ProofSettings.Schema(on.get(), defaults.budget(), defaults.expect());
        }
        SchemaDefinition d = YamlDocuments.bind(mapping(node, item, SchemaDefinition.class), SchemaDefinition.class,
                item);
        Optional<ProofSettings.ExpectedSchema> expect = defaults.expect();
        if (node.has("expect")) {
            if (d.expect() == null || d.expect().isBlank()) {
                throw item.invalid("\"expect\" has no value: give a fingerprint or report file, or leave it out");
            }
            expect = Optional.of(expected.resolve(d.expect(), item));
        }
        return new ProofSettings.Schema(true, duration(d.budget(), "budget", defaults.budget(), item), expect);
    }

    /** A key with nothing after it: almost certainly a value forgotten, not a wish for the defaults. */
    private static boolean present(JsonNode proofs, String key, ConfigItem item) {
        if (!proofs.has(key)) {
            return false;
        }
        if (proofs.get(key).isNull()) {
            throw item.invalid("has no value; give a mapping, or " + SWITCH + ", or leave the key out");
        }
        return true;
    }

    private static JsonNode mapping(JsonNode node, ConfigItem item, Class<? extends Record> type) {
        if (!node.isObject()) {
            throw item.invalid("must be a mapping with the keys " + String.join(", ", YamlDocuments.keysOf(type))
                    + ", or " + SWITCH + "; found " + YamlDocuments.describe(node));
        }
        return node;
    }

    /** {@code off}/{@code false} and {@code on}/{@code true}; empty for anything else. */
    private static Optional<Boolean> onOff(JsonNode node, ConfigItem item) {
        if (node.isBoolean()) {
            return Optional.of(node.booleanValue());
        }
        if (node.isTextual()) {
            String text = node.textValue().strip().toLowerCase(Locale.ROOT);
            return switch (text) {
                case "on", "true" -> Optional.of(true);
                case "off", "false" -> Optional.of(false);
                default -> throw item.invalid("\"" + node.textValue() + "\" is not a setting: give a mapping, or "
                        + SWITCH);
            };
        }
        return Optional.empty();
    }

    private static Duration duration(String text, String key, Duration otherwise, ConfigItem item) {
        if (text == null) {
            return otherwise;
        }
        Duration parsed;
        try {
            parsed = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw item.invalid(key + ": " + e.getMessage(), e);
        }
        if (parsed.isZero()) {
            throw item.invalid(key + ": must be positive, found " + text + " (turn the proof off instead)");
        }
        return parsed;
    }
}
