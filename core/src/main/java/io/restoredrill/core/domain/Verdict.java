package io.restoredrill.core.domain;

/** Pass or fail, for a single check or for a whole drill. */
public enum Verdict { PASSED, FAILED }
