package io.restoredrill.core.fleet;

import io.restoredrill.core.domain.ObjectLocation;

import java.util.Objects;
import java.util.Optional;

/**
 * What to summarise: the night's items (every drill that should have a verdict), the Map's result manifest, and
 * where the summary goes.
 */
public record SummaryRequest(String execution, ObjectLocation items, ObjectLocation manifest, ObjectLocation summary,
                             Optional<String> mapRunArn) {

    public SummaryRequest {
        RunLayout.checkExecutionName(execution);
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(mapRunArn, "mapRunArn");
    }
}
