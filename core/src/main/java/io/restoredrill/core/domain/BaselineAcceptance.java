package io.restoredrill.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A person's decision that a given report is the drill's baseline from now on, after a deliberate change (a table
 * purged, a column dropped): stored with the baseline, and recorded in the report of every drill compared with it.
 *
 * @param acceptedBy who accepted it (the operator's name, as they gave it or as the machine knows them)
 * @param acceptedAt when
 * @param reason     why, in the operator's words; required
 * @param report     where the accepted report was: a path or {@code s3://bucket/key}
 */
public record BaselineAcceptance(String acceptedBy, Instant acceptedAt, String reason, String report) {

    public BaselineAcceptance {
        Objects.requireNonNull(acceptedBy, "acceptedBy");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(report, "report");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("an accepted baseline needs a reason: say why the change is deliberate");
        }
        if (acceptedBy.isBlank()) {
            throw new IllegalArgumentException("an accepted baseline needs to say who accepted it");
        }
    }
}
