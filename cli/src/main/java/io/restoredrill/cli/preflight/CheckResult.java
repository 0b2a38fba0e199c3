package io.restoredrill.cli.preflight;

import java.util.Objects;
import java.util.Optional;

/**
 * One line of the preflight checklist.
 *
 * @param subject what was checked: {@code stack}, a drill's name, or a function's name
 * @param check   the check, e.g. {@code snapshots visible}
 * @param passed  whether the deployed stack is ready in this respect
 * @param detail  what was found (never a secret, a credential or a presigned URL)
 * @param fix     for a failure: what to do about it; empty when the check passed
 */
public record CheckResult(String subject, String check, boolean passed, String detail, Optional<String> fix) {

    public CheckResult {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(fix, "fix");
        if (!passed && fix.isEmpty()) {
            throw new IllegalArgumentException("a failed check must say how to fix it: " + subject + " / " + check);
        }
    }

    public static CheckResult pass(String subject, String check, String detail) {
        return new CheckResult(subject, check, true, detail, Optional.empty());
    }

    public static CheckResult fail(String subject, String check, String detail, String fix) {
        return new CheckResult(subject, check, false, detail, Optional.of(fix));
    }
}
