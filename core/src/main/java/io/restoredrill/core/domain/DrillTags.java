package io.restoredrill.core.domain;

/**
 * The tags that mark an RDS instance as a drill's temporary instance. IAM policies (infra) and the deletion
 * guard both key on {@link #TEMPORARY}: only an instance tagged {@code restore-drill:temporary=true} may ever be
 * deleted by restore-drill.
 */
public final class DrillTags {

    public static final String TEMPORARY = "restore-drill:temporary";
    public static final String DRILL = "restore-drill:drill";
    public static final String EXECUTION = "restore-drill:execution";
    /** ISO-8601 instant after which the reaper deletes the instance. */
    public static final String EXPIRES_AT = "restore-drill:expires-at";

    private DrillTags() {
    }
}
