package io.restoredrill.core.audit;

import java.util.Objects;

/**
 * One problem the audit found on one database.
 *
 * @param check   the stable name of the check, for machines: {@code deletion-protection}, {@code independent-backup},
 *                {@code backup-age}, {@code automated-backups}, {@code drill-coverage}, {@code drill-pass-age}
 * @param problem what is wrong, for people
 * @param fix     what to do about it, a command where there is one
 */
public record Finding(Severity severity, String check, String problem, String fix) {
    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(fix, "fix");
    }
}
