package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.domain.BackupFormat;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.RestoreStats;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;

import java.time.Instant;
import java.util.Optional;

/**
 * Loads a {@link SyntheticDump} of the given number of rows; run by {@link LargeDumpMemoryTest} in a JVM with a
 * small heap. Args: host port database user rows. Prints {@code rows=N bytes=M}.
 */
public final class SyntheticDumpLoadMain {

    private SyntheticDumpLoadMain() {
    }

    public static void main(String[] args) {
        DatabaseEndpoint target = new DatabaseEndpoint(args[0], Integer.parseInt(args[1]), args[2], args[3],
                Optional.empty(), false);
        SyntheticDump dump = new SyntheticDump(Long.parseLong(args[4]));
        BackupRef ref = new BackupRef("synthetic.sql", "synthetic.sql", 0, Instant.EPOCH,
                BackupRef.TimestampSource.MODIFICATION_TIME, BackupFormat.PLAIN_SQL);
        RestoreStats stats = new PlainDumpRestorer().restore(ref, dump, target, RestoreProgress.NONE);
        System.out.println("rows=" + stats.rowsCopied() + " bytes=" + stats.bytesRead()
                + " maxHeap=" + Runtime.getRuntime().maxMemory());
    }
}
