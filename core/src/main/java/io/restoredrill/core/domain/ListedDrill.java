package io.restoredrill.core.domain;

import java.util.Objects;

/**
 * One drill of a night's list: its validated spec, and the spec's document as the drill's child execution receives
 * it (as given, with the defaults the plan fills in, such as the stack's subnet group).
 */
public record ListedDrill(DrillSpec spec, String document) {

    public ListedDrill {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(document, "document");
    }

    public String name() {
        return spec.name();
    }
}
