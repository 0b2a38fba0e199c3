package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.port.BackupRestorer;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;

import java.io.InputStream;
import java.util.Optional;

/** Restores any supported dump by handing it to the restorer for its format. */
public final class DumpRestorers implements BackupRestorer {

    private final BackupRestorer plain;
    private final BackupRestorer custom;

    public DumpRestorers(BackupRestorer plain, BackupRestorer custom) {
        this.plain = plain;
        this.custom = custom;
    }

    /** Plain dumps, compressed or not, in pure Java, custom-format dumps with pg_restore from PATH. */
    public static DumpRestorers standard() {
        return new DumpRestorers(new PlainDumpRestorer(), new PgRestoreRestorer());
    }

    @Override
    public Optional<Integer> dumpedFromMajorVersion(BackupRef backup, InputStream dumpHead) {
        return restorerFor(backup).dumpedFromMajorVersion(backup, dumpHead);
    }

    @Override
    public RestoreStats restore(BackupRef backup, InputStream dump, DatabaseEndpoint target, RestoreProgress progress) {
        return restorerFor(backup).restore(backup, dump, target, progress);
    }

    private BackupRestorer restorerFor(BackupRef backup) {
        return switch (backup.format()) {
            case PLAIN_SQL, GZIP_SQL, ZSTD_SQL, LZ4_SQL, BZIP2_SQL, XZ_SQL -> plain;
            case CUSTOM -> custom;
        };
    }
}
