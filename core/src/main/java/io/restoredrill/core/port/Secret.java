package io.restoredrill.core.port;

import java.util.Objects;

/** A password or token. Its {@code toString} never shows the value, so it cannot leak into a log or report. */
public record Secret(String value) {

    public Secret {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "****";
    }
}
