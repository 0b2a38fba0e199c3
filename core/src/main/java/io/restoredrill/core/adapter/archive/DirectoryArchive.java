package io.restoredrill.core.adapter.archive;

import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.port.BackupMembers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.OptionalLong;

/**
 * A directory-format dump ({@code pg_dump -Fd}, pg_backup_directory.c): {@code toc.dat} holds the header and the
 * TOC, each table's data is its own file ({@code 3456.dat}, with {@code .gz}, {@code .lz4} or {@code .zst} when
 * compressed) and large objects are listed in {@code blobs.toc} (or {@code blobs_NNN.toc}) beside one file each.
 * Data files are independent of one another, so they may be read in any order, and at once.
 */
public final class DirectoryArchive implements ArchiveData, SeparableData {

    private final String name;
    private final ArchiveToc toc;
    private final BackupMembers members;

    private DirectoryArchive(String name, ArchiveToc toc, BackupMembers members) {
        this.name = name;
        this.toc = toc;
        this.members = members;
    }

    /**
     * @param tocDat  the backup's {@code toc.dat}, read here to its end
     * @param name    the backup (the folder or prefix) for messages
     * @param members opens the data files
     */
    public static DirectoryArchive open(InputStream tocDat, String name, OptionalLong tocBytes, BackupMembers members) {
        ArchiveInput in = new ArchiveInput(tocDat, name + "/toc.dat", tocBytes);
        ArchiveToc toc = ArchiveToc.read(in);
        if (toc.header().kind() != ArchiveHeader.Kind.MEMBERS) {
            throw new BackupUnusableException(in.name() + " is a custom-format archive, not the toc.dat of a"
                    + " directory dump");
        }
        return new DirectoryArchive(name, toc, members);
    }

    @Override
    public ArchiveToc toc() {
        return toc;
    }

    /** The entries with data, in TOC order (a file's size is not known before it is opened). */
    @Override
    public List<TocEntry> dataEntries() {
        return toc.entries().stream().filter(TocEntry::hasData).toList();
    }

    @Override
    public void readData(Visitor visitor) {
        for (TocEntry entry : dataEntries()) {
            readEntry(entry, visitor);
        }
    }

    /** Reads one entry's data file (or, for large objects, its list and their files). Safe to call from several threads. */
    @Override
    public void readEntry(TocEntry entry, Visitor visitor) {
        String file = entry.dataFile().orElseThrow(() -> new BackupUnusableException(name + "/toc.dat is corrupt: "
                + entry.describe() + " has data but names no file"));
        if (entry.isLargeObjects()) {
            // The list itself is never compressed (pg_backup_directory.c opens it without compression).
            List<LargeObjectList.Item> items;
            try (InputStream list = members.open(file)) {
                items = LargeObjectList.read(list, name + "/" + file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (LargeObjectList.Item item : items) {
                readFile(item.file(), "large object " + item.oid() + " of " + entry.describe(),
                        data -> visitor.largeObject(entry, item.oid(), data));
            }
            return;
        }
        readFile(file, "the data of " + entry.describe(), data -> visitor.tableData(entry, data));
    }

    private void readFile(String file, String what, java.util.function.Consumer<InputStream> consumer) {
        Compression compression = toc.header().compression();
        String member = file + compression.fileSuffix();
        try (InputStream raw = members.open(member);
             DecodedData data = new DecodedData(compression.decodeFile(raw), name + "/" + member + " (" + what + ")",
                     compression)) {
            consumer.accept(data);
        } catch (IOException e) {
            throw new BackupUnusableException(name + "/" + member + " (" + what + ") cannot be read as "
                    + compression.displayName() + " data: " + e.getMessage(), e);
        }
    }
}
