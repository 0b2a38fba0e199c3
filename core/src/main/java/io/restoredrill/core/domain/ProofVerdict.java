package io.restoredrill.core.domain;

/**
 * The outcome of one proof. Only {@link #PASSED} means the proof holds; {@link #SKIPPED} and {@link #INCOMPLETE}
 * are never counted as passed, whatever the drill decides to do with them.
 */
public enum ProofVerdict {
    /** Everything the proof covers was checked and found sound. */
    PASSED,
    /** The proof found a problem; its findings name it. */
    FAILED,
    /** The proof could not run (no extension, an old server, permission denied); its findings give the reason. */
    SKIPPED,
    /** The budget ran out; its findings list what was not checked. Nothing found in what was checked. */
    INCOMPLETE
}
