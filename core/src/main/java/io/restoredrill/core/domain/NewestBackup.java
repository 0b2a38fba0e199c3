package io.restoredrill.core.domain;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Picks the backup a drill must prove: the newest one. There is deliberately no fallback to an older backup
 * when the newest is broken: tomorrow's restore would need the newest one, so that is the one that must work.
 * Shared by the local drill and the AWS path's S3-dump drills, so both choose alike.
 */
public final class NewestBackup {

    // Equal timestamps (two dumps of one day) are ordered by name, so the choice never depends on listing order.
    private static final Comparator<BackupRef> NEWEST_LAST =
            Comparator.comparing(BackupRef::timestamp).thenComparing(BackupRef::name);

    private NewestBackup() {
    }

    public static Optional<BackupRef> of(List<BackupRef> backups) {
        return backups.stream().max(NEWEST_LAST);
    }

    /**
     * "*.sql, *.sql.gz, *.sql.zst, ..., *.dump, *.tar and toc.dat": what a source is searched for, for messages (a
     * directory dump is found by the toc.dat in its folder).
     */
    public static String knownSuffixes() {
        StringBuilder s = new StringBuilder();
        for (BackupFormat f : BackupFormat.values()) {
            if (f != BackupFormat.DIRECTORY) {
                s.append(s.isEmpty() ? "" : ", ").append('*').append(f.suffix());
            }
        }
        return s.append(" and ").append(BackupFormat.DIRECTORY.suffix().substring(1)).toString();
    }

    /** "1d 3h", "5h 12m", "42m", "17s": ages as people say them. */
    public static String human(Duration d) {
        long s = d.toSeconds();
        if (s >= 86_400) {
            return String.format(Locale.ROOT, "%dd %dh", s / 86_400, (s % 86_400) / 3600);
        }
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh %dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return (s / 60) + "m";
        }
        return s + "s";
    }
}
