package io.restoredrill.core.drill;

import io.restoredrill.core.domain.ProofProgress;
import io.restoredrill.core.domain.ProofWindow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How long a proof may go on in a round: the rest of its budget (a total over the rounds) or of the round. */
class ProvingRoundTest {

    private static final Instant NOW = Instant.parse("2026-11-26T03:30:00Z");
    private static final Duration BUDGET = Duration.ofMinutes(20);

    private static ProofProgress spent(Duration spent) {
        return new ProofProgress("full-read", false, spent.toMillis(), List.of("table t"), List.of(), List.of(),
                Map.of(), Map.of(), Map.of());
    }

    private static ProvingRound round(int number, Duration left, boolean last) {
        return new ProvingRound(number, number == 1 ? Optional.empty()
                : Optional.of(new io.restoredrill.core.domain.VerificationProgress(number - 1, "db", "src",
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, Optional.empty(), 0,
                        List.of(), List.of(), true, Optional.empty(), Optional.empty(), 0, List.of(), List.of())),
                Optional.of(NOW.plus(left)), last);
    }

    @Test
    void aRoundShorterThanTheBudgetLeftPausesTheProofAtItsEnd() {
        ProofWindow window = round(1, Duration.ofMinutes(13), false).window(ProofProgress.start("full-read"), BUDGET, NOW);

        assertThat(window).isEqualTo(ProofWindow.pausable(Duration.ofMinutes(13)));
    }

    @Test
    void theBudgetIsATotalOverTheRoundsAndItsEndEndsTheProof() {
        ProofWindow window = round(2, Duration.ofMinutes(13), false).window(spent(Duration.ofMinutes(15)), BUDGET, NOW);

        assertThat(window).isEqualTo(ProofWindow.whole(Duration.ofMinutes(5)));
        assertThat(window.resumable()).isFalse();
        assertThat(window.whyOut()).isEqualTo("the budget ran out");
    }

    @Test
    void aSpentBudgetLeavesNoTime() {
        assertThat(round(3, Duration.ofMinutes(13), false).window(spent(Duration.ofMinutes(21)), BUDGET, NOW).time())
                .isZero();
    }

    @Test
    void theLastRoundsEndEndsTheProofSayingSo() {
        ProofWindow window = round(4, Duration.ofMinutes(13), true).window(spent(Duration.ofMinutes(1)), BUDGET, NOW);

        assertThat(window).isEqualTo(ProofWindow.last(Duration.ofMinutes(13),
                "the drill's last validate round (round 4) ended"));
    }

    @Test
    void aFirstRoundThatEndsTheProofsForAnotherReasonEndsThemAtItsDeadlineSayingWhy() {
        ProvingRound first = round(1, Duration.ofMinutes(13), false);

        ProofWindow window = first.endingTheProofs(Verification.ONE_ROUND_ONLY)
                .window(ProofProgress.start("full-read"), BUDGET, NOW);

        assertThat(window).isEqualTo(ProofWindow.last(Duration.ofMinutes(13), Verification.ONE_ROUND_ONLY));
        assertThat(first.window(ProofProgress.start("full-read"), BUDGET, NOW).resumable()).isTrue();
    }

    @Test
    void aRoundPastItsDeadlineHasNoTimeLeftRatherThanNegativeTime() {
        ProofWindow window = round(1, Duration.ofSeconds(-5), false).window(ProofProgress.start("integrity"), BUDGET, NOW);

        assertThat(window.time()).isZero();
        assertThat(window.resumable()).isTrue();
    }

    @Test
    void theWholeVerificationAtOnceGivesEachProofItsWholeBudget() {
        assertThat(ProvingRound.whole().window(ProofProgress.start("integrity"), BUDGET, NOW))
                .isEqualTo(ProofWindow.whole(BUDGET));
    }

    @Test
    void laterRoundsNeedWhatTheEarlierOnesFoundAndTheFirstCarriesNothing() {
        assertThatThrownBy(() -> new ProvingRound(2, Optional.empty(), Optional.empty(), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("round 2");
    }
}
