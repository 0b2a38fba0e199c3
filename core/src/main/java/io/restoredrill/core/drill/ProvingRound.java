package io.restoredrill.core.drill;

import io.restoredrill.core.domain.ProofProgress;
import io.restoredrill.core.domain.ProofWindow;
import io.restoredrill.core.domain.VerificationProgress;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One round of a verification that may take several: the AWS path's validate function has 15 minutes, so it
 * proves what fits before {@code deadline} and is invoked again for the rest (README, "The state document").
 * Local mode runs one round without a deadline ({@link #whole()}).
 *
 * @param number   1 for the first round
 * @param carried  what the earlier rounds found and how far their proofs got; empty in the first round
 * @param deadline when this round's proofs must stop, so that the round can still save its progress or write the
 *                 report; empty: no deadline, each proof has its whole budget
 * @param last     no round follows: a proof that runs out of this round's time ends, and what it did not check is
 *                 reported as not checked
 * @param lastWhy  why no round follows, as a proof that ran out of time reports it; empty: this is the drill's
 *                 last validate round
 */
public record ProvingRound(int number, Optional<VerificationProgress> carried, Optional<Instant> deadline,
                           boolean last, Optional<String> lastWhy) {

    public ProvingRound {
        Objects.requireNonNull(carried, "carried");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(lastWhy, "lastWhy");
        if (number < 1) {
            throw new IllegalArgumentException("rounds count from 1: " + number);
        }
        if (number == 1 && carried.isPresent()) {
            throw new IllegalArgumentException("the first round carries nothing over");
        }
        if (number > 1 && carried.isEmpty()) {
            throw new IllegalArgumentException("round " + number + " needs what the earlier rounds found");
        }
    }

    /** A round whose proofs end with it only when it is the drill's last validate round. */
    public ProvingRound(int number, Optional<VerificationProgress> carried, Optional<Instant> deadline,
                        boolean last) {
        this(number, carried, deadline, last, Optional.empty());
    }

    /**
     * This round, with its deadline, as the end of the proofs for a reason other than the round count: a proof
     * that runs out of its time ends, and reports {@code why}.
     */
    ProvingRound endingTheProofs(String why) {
        return new ProvingRound(number, carried, deadline, true, Optional.of(why));
    }

    /** The whole verification at once: local mode. */
    public static ProvingRound whole() {
        return new ProvingRound(1, Optional.empty(), Optional.empty(), true);
    }

    /**
     * How long a proof may go on in this round: its budget's rest when that ends first (running out ends the
     * proof), else the round's rest (running out pauses it, or, in the last round, ends it).
     *
     * @param now when the proof starts
     */
    ProofWindow window(ProofProgress progress, Duration budget, Instant now) {
        Duration budgetLeft = budget.minusMillis(progress.spentMillis());
        if (budgetLeft.isNegative()) {
            budgetLeft = Duration.ZERO;
        }
        if (deadline.isEmpty()) {
            return ProofWindow.whole(budgetLeft);
        }
        Duration roundLeft = Duration.between(now, deadline.get());
        if (roundLeft.isNegative()) {
            roundLeft = Duration.ZERO;
        }
        if (budgetLeft.compareTo(roundLeft) <= 0) {
            return ProofWindow.whole(budgetLeft);
        }
        return last
                ? ProofWindow.last(roundLeft, lastWhy.orElseGet(() -> "the drill's last validate round (round " + number
                        + ") ended"))
                : ProofWindow.pausable(roundLeft);
    }
}
