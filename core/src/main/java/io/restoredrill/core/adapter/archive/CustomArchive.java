package io.restoredrill.core.adapter.archive;

import io.restoredrill.core.domain.BackupUnusableException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * A custom-format archive ({@code pg_dump -Fc}) read front to back from one stream: the TOC, then the data
 * blocks in the order pg_dump wrote them (pg_backup_custom.c); or, where its source can open it at a byte and the
 * TOC says where each block starts, each block on its own ({@link #separable}). Each block is a type byte ({@code BLK_DATA} for a
 * table, {@code BLK_BLOBS} for large objects), the dump id of its TOC entry and its chunks. Reading in file order
 * needs no seeking, so it works the same for a file, an S3 object and an archive written to a pipe (which has no
 * data offsets). Where the TOC gives offsets, each block must start where its entry says: a block that does not
 * means the one before it lied about its length.
 */
public final class CustomArchive implements ArchiveData {

    private static final int BLK_DATA = 1;
    private static final int BLK_BLOBS = 3;

    private final ArchiveInput in;
    private final ArchiveToc toc;

    private CustomArchive(ArchiveInput in, ArchiveToc toc) {
        this.in = in;
        this.toc = toc;
    }

    /**
     * Reads the header and TOC from {@code archive}; the data is read by {@link #readData}.
     *
     * @param name       the archive for messages
     * @param totalBytes its size when known (lengths past the end are then caught early)
     */
    public static CustomArchive open(InputStream archive, String name, OptionalLong totalBytes) {
        ArchiveInput in = new ArchiveInput(archive, name, totalBytes);
        ArchiveToc toc = ArchiveToc.read(in);
        if (toc.header().kind() != ArchiveHeader.Kind.CUSTOM) {
            throw new BackupUnusableException(name + " is the toc.dat of a directory or tar dump, not a custom-format"
                    + " archive: its data is in other files");
        }
        return new CustomArchive(in, toc);
    }

    @Override
    public ArchiveToc toc() {
        return toc;
    }

    @Override
    public void readData(Visitor visitor) {
        Map<Integer, TocEntry> byId = toc.byId();
        Set<Integer> seen = new HashSet<>();
        for (;;) {
            long at = in.position();
            int type = in.readByteOrEnd();
            if (type < 0) {
                break;
            }
            long id = in.readInt("the header of the data block at byte " + at);
            TocEntry entry = byId.get((int) id);
            if (entry == null) {
                throw new BackupUnusableException(in.name() + " is corrupt: the data block at byte " + at
                        + " belongs to TOC entry " + id + ", which the TOC does not have");
            }
            if (entry.dataOffset().isPresent() && entry.dataOffset().get() != at) {
                throw new BackupUnusableException(in.name() + " is corrupt: the data block of " + entry.describe()
                        + " starts at byte " + at + ", but the TOC says byte " + entry.dataOffset().get()
                        + " (the block before it is not as long as its chunk lengths say)");
            }
            if (!seen.add(entry.dumpId())) {
                throw new BackupUnusableException(in.name() + " is corrupt: a second data block for "
                        + entry.describe() + " at byte " + at);
            }
            readBlock(in, type, entry, at, visitor);
        }
        for (TocEntry entry : toc.entries()) {
            if (entry.hasData() && !seen.contains(entry.dumpId())) {
                throw new BackupUnusableException(in.name() + " is truncated: it ends at byte " + in.position()
                        + " before the data of " + entry.describe());
            }
        }
    }

    /**
     * The data blocks read apart, each from its own stream opened where the TOC says it starts, when the TOC gives
     * every block's offset (pg_dump writes them when it writes to a file it can seek back in; an archive written
     * to a pipe has none). The entries come largest first (a block's size is the distance to the next one), so
     * that the biggest table starts first and the small ones fill the other connections, as pg_restore -j orders
     * them.
     *
     * @param archive opens this archive at a byte
     * @return empty when some entry with data has no offset
     */
    public Optional<SeparableData> separable(LongFunction<InputStream> archive) {
        List<TocEntry> withData = toc.entries().stream().filter(TocEntry::hasData).toList();
        if (withData.isEmpty() || withData.stream().anyMatch(e -> e.dataOffset().isEmpty())) {
            return Optional.empty();
        }
        List<TocEntry> byOffset = withData.stream()
                .sorted(Comparator.comparingLong((TocEntry e) -> e.dataOffset().orElseThrow())).toList();
        Map<Integer, Long> sizes = new HashMap<>();
        for (int i = 0; i < byOffset.size(); i++) {
            long start = byOffset.get(i).dataOffset().orElseThrow();
            long end = i + 1 < byOffset.size() ? byOffset.get(i + 1).dataOffset().orElseThrow() : Long.MAX_VALUE;
            sizes.put(byOffset.get(i).dumpId(), end - start);
        }
        List<TocEntry> largestFirst = withData.stream()
                .sorted(Comparator.comparingLong((TocEntry e) -> sizes.get(e.dumpId())).reversed()).toList();
        return Optional.of(new SeparableData() {
            @Override
            public List<TocEntry> dataEntries() {
                return largestFirst;
            }

            @Override
            public void readEntry(TocEntry entry, Visitor visitor) {
                long at = entry.dataOffset().orElseThrow();
                try (InputStream raw = archive.apply(at)) {
                    readBlockAt(in.reading(raw, at), entry, visitor);
                } catch (IOException e) {
                    throw new BackupUnusableException(in.name() + ": the data block of " + entry.describe()
                            + " (from byte " + at + ") cannot be read (" + e.getMessage() + ")", e);
                }
            }
        });
    }

    /** One entry's block, read from a stream that starts where the TOC says the block does. */
    private void readBlockAt(ArchiveInput block, TocEntry entry, Visitor visitor) {
        long at = block.position();
        int type = block.readByteOrEnd();
        if (type < 0) {
            throw new BackupUnusableException(in.name() + " is truncated: it ends before byte " + at + ", where the"
                    + " TOC says the data of " + entry.describe() + " starts");
        }
        long id = block.readInt("the header of the data block of " + entry.describe() + " at byte " + at);
        if (id != entry.dumpId()) {
            throw new BackupUnusableException(in.name() + " is corrupt: the TOC says the data of " + entry.describe()
                    + " starts at byte " + at + ", but the block there belongs to TOC entry " + id);
        }
        readBlock(block, type, entry, at, visitor);
    }

    /** A block whose type byte and dump id were read: a table's data, or a batch of large objects. */
    private void readBlock(ArchiveInput in, int type, TocEntry entry, long at, Visitor visitor) {
        String what = "the data block of " + entry.describe() + " (from byte " + at + ")";
        switch (type) {
            case BLK_DATA -> readBlock(in, what, data -> visitor.tableData(entry, data));
            case BLK_BLOBS -> readLargeObjects(in, entry, what, visitor);
            default -> throw new BackupUnusableException(in.name() + " is corrupt: the data block at byte " + at
                    + " has the unknown type " + type + " (expected " + BLK_DATA + " for table data or "
                    + BLK_BLOBS + " for large objects)");
        }
    }

    private void readLargeObjects(ArchiveInput in, TocEntry entry, String what, Visitor visitor) {
        for (;;) {
            long oid = in.readInt("the next large object's oid in " + what);
            if (oid == 0) {
                return;
            }
            readBlock(in, "large object " + oid + " in " + what, data -> visitor.largeObject(entry, oid, data));
        }
    }

    private void readBlock(ArchiveInput in, String what, java.util.function.Consumer<InputStream> consumer) {
        BlockChunks chunks = new BlockChunks(in, what);
        Compression compression = toc.header().compression();
        try (DecodedData data = new DecodedData(compression.decodeBlock(chunks), in.name() + ": " + what, compression)) {
            consumer.accept(data);
        } catch (IOException e) {
            throw new BackupUnusableException(in.name() + ": " + what + " cannot be decoded as "
                    + compression.displayName() + " (" + e.getMessage() + ")", e);
        }
        chunks.skipToEnd();
    }
}
