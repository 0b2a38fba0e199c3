package io.restoredrill.core.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectivesTest {

    private static final Objectives BOTH = new Objectives(Optional.of(Duration.ofMinutes(45)),
            Optional.of(Duration.ofHours(26)));

    private static Optional<Duration> hours(double h) {
        return Optional.of(Duration.ofSeconds((long) (h * 3600)));
    }

    private static RecoveryPoint lag(double hours) {
        return new RecoveryPoint("orders", "placed_at", 26, Optional.of(Instant.EPOCH), Optional.of(Instant.EPOCH),
                Optional.of(hours), ProofVerdict.PASSED, Optional.empty());
    }

    @Test
    void meetsARestoreTimeWithinItsObjectiveAndMissesOneBeyond() {
        assertThat(BOTH.judge(44 * 60_000, hours(1.0), List.of()).get(0))
                .satisfies(r -> {
                    assertThat(r.name()).isEqualTo("restoreTime");
                    assertThat(r.verdict()).isEqualTo(ObjectiveVerdict.MET);
                    assertThat(r.achievedSeconds()).hasValue(2640.0);
                    assertThat(r.targetSeconds()).isEqualTo(2700.0);
                });
        assertThat(BOTH.judge(46 * 60_000, hours(1.0), List.of()).get(0).verdict())
                .isEqualTo(ObjectiveVerdict.MISSED);
    }

    @Test
    void cannotJudgeARestoreThatDidNotCompleteOrARecoveryPointWithoutABackup() {
        List<ObjectiveResult> results = BOTH.judge(0, Optional.empty(), List.of());
        assertThat(results).extracting(ObjectiveResult::verdict)
                .containsExactly(ObjectiveVerdict.UNKNOWN, ObjectiveVerdict.UNKNOWN);
        assertThat(results).noneMatch(ObjectiveResult::missed);
    }

    @Test
    void theRecoveryPointIsTheBackupsAgePlusTheStalestFreshnessLag() {
        ObjectiveResult backupOnly = BOTH.judge(1, hours(25.0), List.of()).get(1);
        assertThat(backupOnly.verdict()).isEqualTo(ObjectiveVerdict.MET);
        assertThat(backupOnly.basis()).isEqualTo("backup age");

        ObjectiveResult withLag = BOTH.judge(1, hours(25.0), List.of(lag(0.5), lag(2.0))).get(1);
        assertThat(withLag.achievedSeconds()).hasValue(27.0 * 3600);
        assertThat(withLag.verdict()).isEqualTo(ObjectiveVerdict.MISSED);
        assertThat(withLag.basis()).contains("freshness");

        // Data dated after the backup (clocks apart) adds nothing, and takes nothing away.
        assertThat(BOTH.judge(1, hours(25.0), List.of(lag(-3.0))).get(1).achievedSeconds())
                .hasValue(25.0 * 3600);
    }

    @Test
    void judgesOnlyTheObjectivesGivenAndRefusesNonPositiveOnes() {
        Objectives restoreOnly = new Objectives(Optional.of(Duration.ofMinutes(5)), Optional.empty());
        assertThat(restoreOnly.judge(1000, hours(1.0), List.of())).extracting(ObjectiveResult::name)
                .containsExactly("restoreTime");
        assertThat(Objectives.none().judge(1000, hours(1.0), List.of())).isEmpty();
        assertThatThrownBy(() -> new Objectives(Optional.of(Duration.ZERO), Optional.empty()))
                .hasMessageContaining("objectives.restoreTime must be positive");
    }
}
