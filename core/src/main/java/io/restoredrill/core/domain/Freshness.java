package io.restoredrill.core.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The freshness proof's verdict: for each {@code proofs.freshness} entry, the newest value of its column against
 * the backup's own timestamp. A backup can carry a fresh name and stale data (a dump of a replica that stopped
 * replaying, a snapshot of the wrong instance, a job that dumps yesterday's copy); this proves the data is recent.
 *
 * <p>An entry fails when its lag exceeds {@code maxAge}, when its table holds no value, when the table or column is
 * missing or is not a date/time column (naming it). Without the backup's timestamp nothing can be measured: the
 * proof is SKIPPED, never passed.
 */
public final class Freshness {

    /** The proof's name in reports. */
    public static final String PROOF = "freshness";

    private Freshness() {
    }

    /**
     * The proof and its recovery points.
     *
     * @param proof  the verdict, with one finding per entry that did not pass
     * @param points one per entry, in the configured order
     */
    public record Judged(ProofResult proof, List<RecoveryPoint> points) {
        public Judged {
            Objects.requireNonNull(proof, "proof");
            points = List.copyOf(points);
        }
    }

    /**
     * Reads each entry's newest value with {@code newest} and judges it.
     *
     * @param backupTakenAt the backup's own timestamp, when known
     * @param elapsed       tells the proof's elapsed milliseconds when asked, at the end
     */
    public static Judged judge(List<FreshnessRequirement> requirements, Optional<Instant> backupTakenAt,
                               Function<FreshnessRequirement, NewestValue> newest,
                               java.util.function.LongSupplier elapsed) {
        Objects.requireNonNull(requirements, "requirements");
        Objects.requireNonNull(backupTakenAt, "backupTakenAt");
        if (backupTakenAt.isEmpty()) {
            String reason = "the backup's timestamp is not known, so there is nothing to measure the data's age"
                    + " against";
            List<RecoveryPoint> points = requirements.stream().map(r -> point(r, Optional.empty(), Optional.empty(),
                    ProofVerdict.SKIPPED, Optional.of(reason))).toList();
            return new Judged(ProofResult.skipped(PROOF, reason, elapsed.getAsLong()), points);
        }
        Instant taken = backupTakenAt.get();
        List<RecoveryPoint> points = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        List<String> lags = new ArrayList<>();
        for (FreshnessRequirement requirement : requirements) {
            RecoveryPoint point = judgeOne(requirement, taken, newest.apply(requirement));
            points.add(point);
            point.problem().ifPresent(findings::add);
            point.lagHours().ifPresent(lag -> lags.add(requirement.describe() + " " + hours(lag) + " behind"));
        }
        long failed = points.stream().filter(p -> p.verdict() == ProofVerdict.FAILED).count();
        String value = (failed == 0 ? points.size() + " of " + points.size() + " fresh"
                : failed + " of " + points.size() + " not fresh")
                + (lags.isEmpty() ? "" : ": " + String.join(", ", lags) + " the backup");
        return new Judged(new ProofResult(PROOF, failed == 0 ? ProofVerdict.PASSED : ProofVerdict.FAILED, value,
                findings, elapsed.getAsLong()), points);
    }

    private static RecoveryPoint judgeOne(FreshnessRequirement requirement, Instant taken, NewestValue newest) {
        Optional<Instant> at = Optional.of(taken);
        return switch (newest) {
            case NewestValue.Found found -> {
                Duration lag = Duration.between(found.value(), taken);
                double lagHours = Hours.of(lag);
                if (lag.compareTo(requirement.maxAge()) > 0) {
                    yield new RecoveryPoint(requirement.table(), requirement.column(),
                            Hours.of(requirement.maxAge()), Optional.of(found.value()), at, Optional.of(lagHours),
                            ProofVerdict.FAILED, Optional.of(found.column() + ": newest value " + found.value()
                            + " is " + human(lag) + " older than the backup (" + taken + "), more than the allowed "
                            + human(requirement.maxAge())));
                }
                yield new RecoveryPoint(requirement.table(), requirement.column(), Hours.of(requirement.maxAge()),
                        Optional.of(found.value()), at, Optional.of(lagHours), ProofVerdict.PASSED,
                        Optional.empty());
            }
            case NewestValue.NoValue none -> point(requirement, at, Optional.empty(), ProofVerdict.FAILED,
                    Optional.of(none.column() + " holds no value: the table is empty (or the column is null in"
                            + " every row), so the backup holds no recent data"));
            case NewestValue.WrongType wrong -> point(requirement, at, Optional.empty(), ProofVerdict.FAILED,
                    Optional.of("configuration error: " + wrong.column() + " is " + wrong.type() + ", not date,"
                            + " timestamp or timestamptz; proofs.freshness needs a date/time column"));
            case NewestValue.Unreadable unreadable -> point(requirement, at, Optional.empty(), ProofVerdict.FAILED,
                    Optional.of(requirement.describe() + ": " + unreadable.reason()));
        };
    }

    private static RecoveryPoint point(FreshnessRequirement requirement, Optional<Instant> taken,
                                       Optional<Instant> newest, ProofVerdict verdict, Optional<String> problem) {
        return new RecoveryPoint(requirement.table(), requirement.column(), Hours.of(requirement.maxAge()), newest,
                taken, Optional.empty(), verdict, problem);
    }

    private static String hours(double hours) {
        return String.format(Locale.ROOT, "%.2f h", hours);
    }

    /** A lag as people read it: {@code 3h12m}, {@code 2d4h}, {@code 45s}. */
    static String human(Duration duration) {
        boolean ahead = duration.isNegative();
        Duration d = duration.abs();
        String text;
        if (d.toDays() >= 2) {
            text = d.toDays() + "d" + d.toHoursPart() + "h";
        } else if (d.toHours() >= 1) {
            text = d.toHours() + "h" + d.toMinutesPart() + "m";
        } else if (d.toMinutes() >= 1) {
            text = d.toMinutes() + "m" + d.toSecondsPart() + "s";
        } else {
            text = d.toSeconds() + "s";
        }
        return ahead ? "-" + text : text;
    }
}
