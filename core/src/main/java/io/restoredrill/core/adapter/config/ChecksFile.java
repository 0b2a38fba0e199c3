package io.restoredrill.core.adapter.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.domain.HealthCheck;
import io.restoredrill.core.domain.InvalidConfigurationException;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

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
 * }</pre>
 *
 * Quote expectations that start with {@code >}: in YAML a bare {@code >} starts a folded text block.
 */
public final class ChecksFile {

    /** The top level of a checks file; the record's components are the allowed keys. */
    private record Document(JsonNode checks) {
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
        Objects.requireNonNull(file, "file");
        return parse(YamlDocuments.readFile(file, "checks file"), file.toString());
    }

    /**
     * Parses and validates the text of a checks file.
     *
     * @param origin names the text in error messages, usually the file's path
     * @throws InvalidConfigurationException naming {@code origin}, the check and what is wrong
     */
    public static List<HealthCheck> parse(String yaml, String origin) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(origin, "origin");
        JsonNode root = YamlDocuments.parseMapping(yaml, origin);
        Document document = YamlDocuments.bind(root, Document.class, new ConfigItem(origin, "top level"));
        List<HealthCheck> checks = CheckList.parse(document.checks(), "checks", origin);
        if (checks.isEmpty()) {
            // A checks file exists to hold checks; an empty list is more likely a mistake than a wish.
            throw new InvalidConfigurationException(origin + ": \"checks\" is empty: list at least one check,"
                    + " or run the drill without a checks file");
        }
        return checks;
    }
}
