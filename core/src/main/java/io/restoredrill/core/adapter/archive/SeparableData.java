package io.restoredrill.core.adapter.archive;

import java.util.List;

/**
 * An archive whose entries' data can each be read on its own, from several threads at once, as {@code pg_restore -j}
 * reads it: a directory dump (one file per table), and a custom-format archive in a file or an S3 object whose TOC
 * says where each data block starts (pg_dump wrote it to a file, not a pipe).
 */
public interface SeparableData {

    /** The entries with data: largest first where their sizes are known, else in TOC order. */
    List<TocEntry> dataEntries();

    /**
     * Reads one entry's data (a table's, or a batch of large objects). Safe to call from several threads.
     *
     * @throws io.restoredrill.core.domain.BackupUnusableException when it is missing, truncated or corrupt
     */
    void readEntry(TocEntry entry, ArchiveData.Visitor visitor);
}
