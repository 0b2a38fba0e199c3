package io.restoredrill.core.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * How one drill of a night ended, as its child execution's last state reports it (or as the summary concludes when
 * the child ended without a verdict).
 *
 * @param instance the temporary instance's identifier, when the drill knew it
 * @param cleanup  what cleanup did ({@code deleted}, {@code already-gone}, {@code FAILED: orphan ...}, ...)
 * @param orphaned a temporary instance may be left running: the reaper deletes it at its expiry
 */
public record DrillVerdict(String drill, Verdict verdict, String reason, Optional<String> instance, String cleanup,
                           boolean orphaned) {

    public DrillVerdict {
        Objects.requireNonNull(drill, "drill");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(cleanup, "cleanup");
    }

    public boolean passed() {
        return verdict == Verdict.PASSED;
    }

    /** The same verdict with its reason cut to {@code max} characters. */
    public DrillVerdict withReasonAtMost(int max) {
        return reason.length() <= max ? this
                : new DrillVerdict(drill, verdict, reason.substring(0, Math.max(0, max - 3)) + "...", instance, cleanup,
                        orphaned);
    }
}
