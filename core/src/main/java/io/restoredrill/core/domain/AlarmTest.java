package io.restoredrill.core.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * A fire drill of the alarms: a night of one drill that fails on purpose, without restoring anything, so that the
 * failed execution proves the on-call path end to end (the ExecutionsFailed alarm notifies the alarm topic). Its
 * drill's name is reserved: no drill of a list may take it. The history records it as an alarm test, never as a
 * backup that failed.
 */
public final class AlarmTest {

    /** The reserved name of the alarm test's drill. */
    public static final String DRILL_NAME = "alarm-test";

    /** The drill's verdict's reason, written by the plan into the drill's document and used by the state machine. */
    public static final String REASON = "alarm test: this drill fails on purpose, to prove that a failed night reaches"
            + " the on-call path (the ExecutionsFailed alarm notifies the alarm topic); no backup was restored";

    /**
     * The alarm tests' folder beside the drills' folders of the reports ({@code _alarm-tests/<yyyy>/<MM>/<dd>/
     * <execution>.json}): never a drill's folder, since a drill's name cannot hold {@code _}.
     */
    public static final String FOLDER = "_alarm-tests";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private AlarmTest() {
    }

    /**
     * {@code _alarm-tests/<yyyy>/<MM>/<dd>/<execution>.json}, relative to the reports' folder or prefix.
     *
     * @param execution an execution name (Step Functions allows no {@code /} in one)
     */
    public static String path(Instant at, String execution) {
        if (execution.isEmpty() || execution.contains("/") || execution.equals(".") || execution.equals("..")) {
            throw new IllegalArgumentException("not an execution name: \"" + execution + "\"");
        }
        return FOLDER + "/" + DAY.format(at) + "/" + execution + ".json";
    }

    /** The alarm test's drill document: the state machine sees {@code alarmTest} and fails it without a step. */
    public static String document() {
        return "{\"name\": \"" + DRILL_NAME + "\", \"alarmTest\": true, \"reason\": \"" + REASON + "\"}";
    }

    /**
     * One alarm test as the history keeps it.
     *
     * @param execution the night's execution name
     * @param at        when the night's summary recorded it
     * @param verdict   the alarm test drill's verdict: FAILED when it ran as meant
     * @param reason    its verdict's reason
     */
    public record Record(String execution, Instant at, Verdict verdict, String reason) {
        public Record {
            Objects.requireNonNull(execution, "execution");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(reason, "reason");
        }

        /** Whether the night failed as an alarm test must. */
        public boolean failedAsMeant() {
            return verdict == Verdict.FAILED;
        }
    }
}
