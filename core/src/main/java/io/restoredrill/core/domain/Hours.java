package io.restoredrill.core.domain;

import java.time.Duration;

/** The one rounding of a duration to hours that reports, audits and messages show: two decimals. */
public final class Hours {

    private Hours() {
    }

    public static double of(Duration duration) {
        return Math.round(duration.toSeconds() / 36.0) / 100.0;
    }
}
