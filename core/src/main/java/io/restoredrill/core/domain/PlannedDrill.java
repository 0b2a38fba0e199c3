package io.restoredrill.core.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * One item of the night: the drill's spec document and the limits its child execution keeps to.
 *
 * @param restoreTimeout how long the child waits for the temporary instance ({@link DrillSpec#restoreTimeout()})
 */
public record PlannedDrill(String name, String document, Duration restoreTimeout) {

    public PlannedDrill {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(restoreTimeout, "restoreTimeout");
    }

    public static PlannedDrill of(ListedDrill drill) {
        return new PlannedDrill(drill.name(), drill.document(), drill.spec().restoreTimeout());
    }
}
