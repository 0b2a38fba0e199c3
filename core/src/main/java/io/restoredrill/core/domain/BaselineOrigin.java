package io.restoredrill.core.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * The baseline a drill was compared with, as its report records it.
 *
 * @param origin     where it came from: the {@code --baseline} file, or {@code s3://.../latest.json}
 * @param acceptance when a person made it the baseline with {@code restore-drill baseline accept}: who, when, why
 *                   and from which report; empty for a baseline that a passing drill left
 */
public record BaselineOrigin(String origin, Optional<BaselineAcceptance> acceptance) {

    public BaselineOrigin {
        Objects.requireNonNull(origin, "origin");
        acceptance = Objects.requireNonNullElse(acceptance, Optional.empty());
    }

    public static BaselineOrigin of(Baseline baseline) {
        return new BaselineOrigin(baseline.origin(), baseline.acceptance());
    }
}
