package io.restoredrill.core.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a proof may go on in one call, and what running out of that time means.
 *
 * @param time      the time this call has; positive or zero (zero: stop at once)
 * @param resumable true when another round follows: running out only pauses the proof, what is left is done
 *                  next round; false when running out ends the proof, and what is left is reported as not checked
 * @param whyOut    when not resumable, why running out ends the proof, as findings say it ("the budget ran out")
 */
public record ProofWindow(Duration time, boolean resumable, String whyOut) {

    public static final String BUDGET_RAN_OUT = "the budget ran out";

    public ProofWindow {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(whyOut, "whyOut");
        if (time.isNegative()) {
            time = Duration.ZERO;
        }
    }

    /** The whole proof in one go within its budget (local mode). */
    public static ProofWindow whole(Duration budget) {
        return new ProofWindow(budget, false, BUDGET_RAN_OUT);
    }

    /** Part of the proof; another round goes on with what is left. */
    public static ProofWindow pausable(Duration time) {
        return new ProofWindow(time, true, "");
    }

    /** The last of the proof's time, ending for the reason given. */
    public static ProofWindow last(Duration time, String why) {
        return new ProofWindow(time, false, why);
    }
}
