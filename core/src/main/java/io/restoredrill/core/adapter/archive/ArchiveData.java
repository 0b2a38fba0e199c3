package io.restoredrill.core.adapter.archive;

import java.io.InputStream;

/**
 * What an archive holds besides its TOC, handed over in the order it can be read: each table's data and each
 * large object, already decompressed. A stream given to the visitor is valid only during the call; what the
 * visitor leaves unread is skipped. Reading it fails with a
 * {@link io.restoredrill.core.domain.BackupUnusableException} naming the TOC entry when the archive is truncated
 * or corrupt.
 */
public interface ArchiveData {

    /** The archive's header and TOC. */
    ArchiveToc toc();

    /**
     * Hands every data item to {@code visitor}, then checks that every TOC entry with data had its data.
     *
     * @throws io.restoredrill.core.domain.BackupUnusableException when data is missing, truncated or corrupt
     */
    void readData(Visitor visitor);

    /** Receives the data items. */
    interface Visitor {
        /** The data of a {@code TABLE DATA} entry: COPY text, or SQL when dumped with {@code --inserts}. */
        void tableData(TocEntry entry, InputStream data);

        /** One large object's bytes; {@code entry} is the {@code BLOBS} entry it was dumped under. */
        void largeObject(TocEntry entry, long oid, InputStream data);
    }
}
