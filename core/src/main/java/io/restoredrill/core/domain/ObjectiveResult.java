package io.restoredrill.core.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * One objective of a drill against what it achieved.
 *
 * @param name            {@code restoreTime} or {@code recoveryPoint}
 * @param targetSeconds   the objective
 * @param achievedSeconds what the drill achieved, when it could be measured
 * @param verdict         MET, MISSED, or UNKNOWN when nothing could be measured
 * @param basis           what the achieved figure is: "restore time", "backup age", or why it is unknown
 */
public record ObjectiveResult(String name, double targetSeconds, Optional<Double> achievedSeconds,
                              ObjectiveVerdict verdict, String basis) {

    public ObjectiveResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(achievedSeconds, "achievedSeconds");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(basis, "basis");
    }

    static ObjectiveResult of(String name, double targetSeconds, double achievedSeconds, String basis) {
        return new ObjectiveResult(name, targetSeconds, Optional.of(achievedSeconds),
                achievedSeconds <= targetSeconds ? ObjectiveVerdict.MET : ObjectiveVerdict.MISSED, basis);
    }

    static ObjectiveResult unknown(String name, double targetSeconds, String why) {
        return new ObjectiveResult(name, targetSeconds, Optional.empty(), ObjectiveVerdict.UNKNOWN, why);
    }

    public boolean missed() {
        return verdict == ObjectiveVerdict.MISSED;
    }
}
