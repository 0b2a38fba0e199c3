package io.restoredrill.core.drill;

import io.restoredrill.core.domain.BackupRef;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the backup a drill must prove: the newest one. There is deliberately no fallback to an older backup
 * when the newest is broken: tomorrow's restore would need the newest one, so that is the one that must work.
 */
final class NewestBackup {

    // Equal timestamps (two dumps of one day) are ordered by name, so the choice never depends on listing order.
    private static final Comparator<BackupRef> NEWEST_LAST =
            Comparator.comparing(BackupRef::timestamp).thenComparing(BackupRef::name);

    private NewestBackup() {
    }

    static Optional<BackupRef> of(List<BackupRef> backups) {
        return backups.stream().max(NEWEST_LAST);
    }
}
