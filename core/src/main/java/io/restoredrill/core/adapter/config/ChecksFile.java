package io.restoredrill.core.adapter.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.domain.HealthCheck;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.domain.Objectives;
import io.restoredrill.core.domain.ProofSettings;
import io.restoredrill.core.domain.SchemaFingerprint;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a checks file: the health checks a drill runs after the restore.
 *
 * <pre>{@code
 * checks:
 *   - name: accounts-complete
 *     sql: SELECT count(*) FROM pgbench_accounts
 *     expect: ">= 2000000"     # = != > >= < <= and a number, or "between A and B"; optional
 *   - name: newest-order-recent
 *     sql: SELECT extract(epoch FROM now() - max(created_at)) / 3600 FROM orders
 *     expect: "<= 26"
 *     timeout: 60s             # optional, default 60s; e.g. 500ms, 45s, 5m, 1h30m, PT2M
 * proofs:                      # optional, see ProofsSection; left out: every proof with local mode's defaults
 *   integrity: { budget: 10m }
 *   fullRead: { budget: 10m, perTable: 2m }
 *   schema: { expect: schema.json }   # a fingerprint or report file, relative to the checks file
 *   freshness:                 # optional: the newest value of a date/time column against the backup's timestamp
 *     - { table: shop.orders, column: placed_at, maxAge: 26h }
 * tables:                      # optional, see TablesSection: per-table overrides of --max-shrink
 * objectives:                  # optional, see ObjectivesSection: { restoreTime: 45m, recoveryPoint: 26h }
 *   audit_log: { maxShrink: 100% }
 * }</pre>
 *
 * Quote expectations that start with {@code >}: in YAML a bare {@code >} starts a folded text block.
 */
public final class ChecksFile {

    /** The top level of a checks file; the record's components are the allowed keys. */
    private record Document(JsonNode checks, JsonNode proofs, JsonNode tables, JsonNode objectives) {
    }

    /**
     * What a checks file holds.
     *
     * @param proofs the {@code proofs:} settings, local mode's defaults for what the file leaves out
     * @param tables the {@code tables:} tolerances (0..1) by table name; empty when the file has none
     */
    public record Contents(List<HealthCheck> checks, ProofSettings proofs, Map<String, Double> tables,
                           Objectives objectives) {
        public Contents {
            checks = List.copyOf(checks);
            Objects.requireNonNull(proofs, "proofs");
            tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
            Objects.requireNonNull(objectives, "objectives");
        }

        /** Contents without objectives. */
        public Contents(List<HealthCheck> checks, ProofSettings proofs, Map<String, Double> tables) {
            this(checks, proofs, tables, Objectives.none());
        }
    }

    private ChecksFile() {
    }

    /**
     * Reads and validates a checks file.
     *
     * @throws InvalidConfigurationException naming the file, the check and what is wrong, when the file is
     *                                       missing, unreadable or invalid
     */
    public static List<HealthCheck> read(Path file) {
        return load(file).checks();
    }

    /**
     * Reads and validates a checks file with its proof settings; a {@code schema.expect} file is read too,
     * relative to the checks file's folder.
     *
     * @throws InvalidConfigurationException naming the file, the item and what is wrong
     */
    /** What a drill without a checks file runs: no user check, the local proof defaults, no per-table tolerance. */
    public static Contents none() {
        return new Contents(List.of(), ProofSettings.localDefaults(), Map.of());
    }

    public static Contents load(Path file) {
        Objects.requireNonNull(file, "file");
        Path folder = Optional.ofNullable(file.toAbsolutePath().getParent()).orElse(Path.of("."));
        return parse(YamlDocuments.readFile(file, "checks file"), file.toString(), Optional.of(folder));
    }

    /**
     * Parses and validates the text of a checks file.
     *
     * @param origin names the text in error messages, usually the file's path
     * @throws InvalidConfigurationException naming {@code origin}, the check and what is wrong
     */
    public static List<HealthCheck> parse(String yaml, String origin) {
        return parse(yaml, origin, Optional.empty()).checks();
    }

    /**
     * Parses and validates the text of a checks file with its proof settings.
     *
     * @param folder where a relative {@code schema.expect} file is; without one, only absolute paths are read
     */
    public static Contents parse(String yaml, String origin, Optional<Path> folder) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(folder, "folder");
        JsonNode root = YamlDocuments.parseMapping(yaml, origin);
        Document document = YamlDocuments.bind(root, Document.class, new ConfigItem(origin, "top level"));
        List<HealthCheck> checks = CheckList.parse(document.checks(), "checks", origin);
        if (checks.isEmpty()) {
            // A checks file exists to hold checks; an empty list is more likely a mistake than a wish.
            throw new InvalidConfigurationException(origin + ": \"checks\" is empty: list at least one check,"
                    + " or run the drill without a checks file");
        }
        ProofSettings proofs = ProofsSection.parse(document.proofs(), ProofSettings.localDefaults(), origin,
                (expect, item) -> expectedSchema(expect, folder, item));
        return new Contents(checks, proofs, TablesSection.parse(document.tables(), origin),
                ObjectivesSection.parse(document.objectives(), origin));
    }

    private static ProofSettings.ExpectedSchema expectedSchema(String expect, Optional<Path> folder, ConfigItem item) {
        Path given = Path.of(expect);
        Path file = given.isAbsolute() || folder.isEmpty() ? given : folder.get().resolve(given).normalize();
        try {
            SchemaFingerprint fingerprint = SchemaFingerprintFile.read(file);
            return new ProofSettings.ExpectedSchema(fingerprint, file.toString());
        } catch (InvalidConfigurationException e) {
            throw item.invalid("expect: " + e.getMessage(), e);
        }
    }
}
