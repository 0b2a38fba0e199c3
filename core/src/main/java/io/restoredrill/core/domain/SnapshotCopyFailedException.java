package io.restoredrill.core.domain;

/**
 * The drill's temporary copy of a shared snapshot failed, or vanished before the drill could restore it: the drill
 * fails (and cleans up). Not transient: the state machine does not retry it.
 */
public class SnapshotCopyFailedException extends RestoreFailedException {

    public SnapshotCopyFailedException(String message) {
        super(message);
    }
}
