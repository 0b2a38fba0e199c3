package io.restoredrill.core.domain;

/** Whether a drill met one of its objectives. */
public enum ObjectiveVerdict {
    MET,
    MISSED,
    /** Not measurable on this run (the restore did not complete, no backup was chosen): neither met nor missed. */
    UNKNOWN
}
