package io.restoredrill.core.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A drill's recent restore times: the restore seconds of its last {@value #WINDOW} passing drills, oldest first. The
 * trend rule compares a drill's restore time with their median, so that a slow drift is noticed before the
 * restore-time objective is missed: a drill whose restore took more than {@value #RISE_THRESHOLD} times the median
 * has risen, when the window holds at least {@value #MINIMUM_DRILLS} passing drills.
 *
 * <p>Why these numbers: 30 passing nightly drills are about a month, long enough that one slow night barely moves the
 * median, short enough that a database that has really grown becomes the new normal within weeks. 1.3 (30 % above
 * the median) leaves room for night-to-night noise (where the instance lands, a restored snapshot loading its blocks
 * lazily) and still fires well before a restore-time objective set with the usual slack is missed. It is a starting
 * point to tune per fleet, not a measured figure. Fewer than 5 passing drills give a median that one outlier
 * decides, so no ratio is given for them.
 */
public record RestoreTrend(List<Double> restoreSeconds) {

    public static final int WINDOW = 30;
    public static final int MINIMUM_DRILLS = 5;
    public static final double RISE_THRESHOLD = 1.3;

    public RestoreTrend {
        restoreSeconds = List.copyOf(restoreSeconds);
        for (double seconds : restoreSeconds) {
            if (!Double.isFinite(seconds) || seconds <= 0) {
                throw new IllegalArgumentException("a restore time in the trend must be a positive number of seconds,"
                        + " found " + seconds);
            }
        }
        if (restoreSeconds.size() > WINDOW) {
            restoreSeconds = restoreSeconds.subList(restoreSeconds.size() - WINDOW, restoreSeconds.size());
        }
    }

    /** A drill that has not passed yet. */
    public static RestoreTrend empty() {
        return new RestoreTrend(List.of());
    }

    /** The median of the window; empty when it holds no drill. */
    public Optional<Double> median() {
        if (restoreSeconds.isEmpty()) {
            return Optional.empty();
        }
        List<Double> sorted = restoreSeconds.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return Optional.of(sorted.size() % 2 == 1 ? sorted.get(middle)
                : (sorted.get(middle - 1) + sorted.get(middle)) / 2);
    }

    /**
     * This drill's restore time over the window's median; empty while the window holds fewer than
     * {@value #MINIMUM_DRILLS} passing drills (or for a restore time that was not measured).
     */
    public Optional<Double> ratio(double restoreSeconds) {
        if (this.restoreSeconds.size() < MINIMUM_DRILLS || !Double.isFinite(restoreSeconds) || restoreSeconds <= 0) {
            return Optional.empty();
        }
        return median().map(median -> restoreSeconds / median);
    }

    /** Whether this restore time has risen well above the recent median: the trend alarm's rule. */
    public boolean risen(double restoreSeconds) {
        return ratio(restoreSeconds).filter(r -> r > RISE_THRESHOLD).isPresent();
    }

    /** The window after a passing drill with this restore time: appended, the oldest dropped beyond {@value #WINDOW}. */
    public RestoreTrend after(double passingRestoreSeconds) {
        List<Double> next = new ArrayList<>(restoreSeconds);
        next.add(passingRestoreSeconds);
        return new RestoreTrend(next);
    }
}
