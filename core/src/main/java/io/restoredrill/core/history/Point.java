package io.restoredrill.core.history;

import java.time.Instant;
import java.util.Objects;

/** One value of a series at the time its drill started. */
public record Point(Instant at, double value) {
    public Point {
        Objects.requireNonNull(at, "at");
    }
}
