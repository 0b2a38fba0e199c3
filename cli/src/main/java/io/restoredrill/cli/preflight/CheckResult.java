package io.restoredrill.cli.preflight;

import java.util.Objects;
import java.util.Optional;

/**
 * One line of the preflight checklist.
 *
 * @param subject what was checked: {@code stack}, a drill's name, or a function's name
 * @param check   the check, e.g. {@code snapshots visible}
 * @param status  whether the deployed stack is ready in this respect: PASS, WARN (it will work, not as configured),
 *                FAIL
 * @param detail  what was found (never a secret, a credential or a presigned URL)
 * @param fix     for a failure or a warning: what to do about it; empty when the check passed
 */
public record CheckResult(String subject, String check, Status status, String detail, Optional<String> fix) {

    /** How a check came out. */
    public enum Status {
        PASS,
        /** The stack works, but not as configured (e.g. drills will queue): printed, not a failure. */
        WARN,
        FAIL
    }

    public CheckResult {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(fix, "fix");
        if (status != Status.PASS && fix.isEmpty()) {
            throw new IllegalArgumentException("a failed or warned check must say what to do: " + subject + " / "
                    + check);
        }
    }

    /** Not a failure: passed, or passed with a warning. */
    public boolean passed() {
        return status != Status.FAIL;
    }

    public static CheckResult pass(String subject, String check, String detail) {
        return new CheckResult(subject, check, Status.PASS, detail, Optional.empty());
    }

    public static CheckResult warn(String subject, String check, String detail, String fix) {
        return new CheckResult(subject, check, Status.WARN, detail, Optional.of(fix));
    }

    public static CheckResult fail(String subject, String check, String detail, String fix) {
        return new CheckResult(subject, check, Status.FAIL, detail, Optional.of(fix));
    }
}
