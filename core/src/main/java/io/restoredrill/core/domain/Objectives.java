package io.restoredrill.core.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a drill promises beyond passing: how long a restore may take (the recovery time objective) and how old the
 * data a restore gives back may be (the recovery point objective). Configured as
 * {@code objectives: { restoreTime: 45m, recoveryPoint: 26h }} in the checks file and the drill spec. A missed
 * objective is reported (and on AWS alarmed) but does not fail the drill: the backup did restore.
 */
public record Objectives(Optional<Duration> restoreTime, Optional<Duration> recoveryPoint) {

    public static final String RESTORE_TIME = "restoreTime";
    public static final String RECOVERY_POINT = "recoveryPoint";

    public Objectives {
        Objects.requireNonNull(restoreTime, "restoreTime");
        Objects.requireNonNull(recoveryPoint, "recoveryPoint");
        restoreTime.ifPresent(d -> positive(d, "objectives.restoreTime"));
        recoveryPoint.ifPresent(d -> positive(d, "objectives.recoveryPoint"));
    }

    public static Objectives none() {
        return new Objectives(Optional.empty(), Optional.empty());
    }

    public boolean isEmpty() {
        return restoreTime.isEmpty() && recoveryPoint.isEmpty();
    }

    /**
     * Each objective against what the drill achieved.
     *
     * @param restoreMillis  the restore time as the path counts it; 0 when the restore did not complete or the path
     *                       could not tell
     * @param backupAge      the chosen backup's age when the drill chose it, when known
     * @param freshness      the freshness entries' recovery points: the data's own lag behind the backup's timestamp
     */
    public List<ObjectiveResult> judge(long restoreMillis, Optional<Duration> backupAge,
                                       List<RecoveryPoint> freshness) {
        List<ObjectiveResult> results = new ArrayList<>();
        restoreTime.ifPresent(target -> results.add(restoreMillis > 0
                ? ObjectiveResult.of(RESTORE_TIME, seconds(target), restoreMillis / 1000.0, "restore time")
                : ObjectiveResult.unknown(RESTORE_TIME, seconds(target), "the restore did not complete")));
        recoveryPoint.ifPresent(target -> {
            if (backupAge.isEmpty()) {
                results.add(ObjectiveResult.unknown(RECOVERY_POINT, seconds(target), "no backup was chosen"));
                return;
            }
            // The data a restore gives back is as old as the backup plus, where freshness measured it, the lag of
            // the newest data behind the backup's own timestamp (the largest lag: the stalest table counts).
            Optional<Double> lag = freshness.stream().flatMap(p -> p.lagHours().stream()).max(Double::compare)
                    .map(h -> Math.max(0, h));
            double achievedSeconds = seconds(backupAge.get()) + lag.orElse(0.0) * 3600;
            results.add(ObjectiveResult.of(RECOVERY_POINT, seconds(target), achievedSeconds,
                    lag.isPresent() ? "backup age plus the newest data's lag behind it (freshness)" : "backup age"));
        });
        return results;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static void positive(Duration d, String what) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, found " + d);
        }
    }
}
