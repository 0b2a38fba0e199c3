package io.restoredrill.core.adapter.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.domain.Objectives;

import java.time.Duration;
import java.util.Optional;

/**
 * The top-level {@code objectives:} mapping of the checks file and the drill spec:
 *
 * <pre>{@code
 * objectives:
 *   restoreTime: 45m        # the recovery time objective: from the restore request to a usable database
 *   recoveryPoint: 26h      # the recovery point objective: how old the data a restore gives back may be
 * }</pre>
 */
final class ObjectivesSection {

    private record Document(String restoreTime, String recoveryPoint) {
    }

    private ObjectivesSection() {
    }

    /** @param node the node under {@code objectives}; null when the key is absent */
    static Objectives parse(JsonNode node, String origin) {
        ConfigItem top = new ConfigItem(origin, "objectives");
        if (node == null || node.isMissingNode() || node.isNull()) {
            return Objectives.none();
        }
        if (!node.isObject()) {
            throw top.invalid("must be a mapping, e.g. objectives: { restoreTime: 45m, recoveryPoint: 26h }; found "
                    + YamlDocuments.describe(node));
        }
        Document d = YamlDocuments.bind(node, Document.class, top);
        Objectives objectives = new Objectives(duration(d.restoreTime(), origin, "restoreTime"),
                duration(d.recoveryPoint(), origin, "recoveryPoint"));
        if (objectives.isEmpty()) {
            throw top.invalid("names no objective: give restoreTime, recoveryPoint or both, or leave objectives out");
        }
        return objectives;
    }

    private static Optional<Duration> duration(String text, String origin, String key) {
        if (text == null) {
            return Optional.empty();
        }
        ConfigItem item = new ConfigItem(origin, "objectives." + key);
        try {
            Duration d = Durations.parse(text);
            if (d.isZero() || d.isNegative()) {
                throw item.invalid("must be positive, found " + text);
            }
            return Optional.of(d);
        } catch (IllegalArgumentException e) {
            throw item.invalid(e.getMessage(), e);
        }
    }
}
