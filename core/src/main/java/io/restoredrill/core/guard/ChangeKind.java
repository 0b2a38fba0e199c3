package io.restoredrill.core.guard;

/** What a plan does to one resource, as far as the guard cares. */
public enum ChangeKind {
    CREATE,
    UPDATE,
    /** Deleted, not replaced. */
    DELETE,
    /** Deleted and created again (in either order): a new, empty resource in place of the old one. */
    REPLACE,
    /** The plan cannot say (a CloudFormation Dynamic action or a Conditional replacement): it may delete. */
    MAY_DELETE,
    /** Removed from the plan's management but kept (a CloudFormation Retain policy, Terraform's forget). */
    KEPT,
    NONE;

    /** Whether the resource that exists today may be gone after the plan is applied. */
    public boolean destroys() {
        return this == DELETE || this == REPLACE || this == MAY_DELETE;
    }

    /** Whether the resource exists after the plan is applied (and so must keep deletion protection). */
    public boolean leavesResource() {
        return this == CREATE || this == UPDATE || this == REPLACE || this == MAY_DELETE || this == NONE;
    }
}
