package io.restoredrill.core.adapter.archive;

import io.restoredrill.core.domain.BackupUnusableException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.io.input.CloseShieldInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tar-format dump ({@code pg_dump -Ft}, pg_backup_tar.c): a tar file whose first member is {@code toc.dat}
 * (header and TOC), followed by one member per table's data ({@code 3456.dat}), the large objects
 * ({@code blob_OID.dat}) with their list, and a {@code restore.sql} script that is not needed. Read front to back
 * in one pass, as the members come.
 */
public final class TarArchive implements ArchiveData {

    private static final Pattern LARGE_OBJECT_FILE = Pattern.compile("blob_(\\d+)\\.dat(\\.gz)?");
    /** pg_dump 16 and older list all large objects in blobs.toc, 17 and later one blobs_DUMPID.toc per BLOBS entry. */
    private static final Pattern LARGE_OBJECT_LIST = Pattern.compile("blobs(?:_(\\d+))?\\.toc");

    private final TarArchiveInputStream tar;
    private final String name;
    private final ArchiveToc toc;

    private TarArchive(TarArchiveInputStream tar, String name, ArchiveToc toc) {
        this.tar = tar;
        this.name = name;
        this.toc = toc;
    }

    /** Reads the tar up to the end of its {@code toc.dat}; the rest is read by {@link #readData}. */
    public static TarArchive open(InputStream archive, String name) {
        TarArchiveInputStream tar = new TarArchiveInputStream(CloseShieldInputStream.wrap(archive));
        TarArchiveEntry first = next(tar, name);
        if (first == null) {
            throw new BackupUnusableException(name + " is an empty tar file, not a pg_dump tar archive");
        }
        if (!first.getName().equals("toc.dat")) {
            throw new BackupUnusableException(name + " is not a pg_dump tar archive: its first member is \""
                    + first.getName() + "\", not \"toc.dat\"");
        }
        ArchiveInput in = new ArchiveInput(tar, name + " (member toc.dat)", OptionalLong.of(first.getSize()));
        ArchiveToc toc = ArchiveToc.read(in);
        if (toc.header().kind() != ArchiveHeader.Kind.MEMBERS) {
            throw new BackupUnusableException(in.name() + " is a custom-format archive, not the toc.dat of a tar dump");
        }
        return new TarArchive(tar, name, toc);
    }

    @Override
    public ArchiveToc toc() {
        return toc;
    }

    @Override
    public void readData(Visitor visitor) {
        Map<String, TocEntry> byFile = new HashMap<>();
        List<TocEntry> largeObjectEntries = toc.entries().stream().filter(TocEntry::isLargeObjects).toList();
        for (TocEntry entry : toc.entries()) {
            if (entry.hasData() && !entry.isLargeObjects()) {
                entry.dataFile().ifPresent(f -> byFile.put(f, entry));
            }
        }
        Set<Integer> seen = new HashSet<>();
        for (TarArchiveEntry member = next(tar, name); member != null; member = next(tar, name)) {
            String file = member.getName();
            Compression compression = file.endsWith(".gz") ? Compression.GZIP : Compression.NONE;
            String plainName = compression == Compression.GZIP ? file.substring(0, file.length() - 3) : file;
            TocEntry entry = byFile.get(plainName);
            Matcher largeObject = LARGE_OBJECT_FILE.matcher(file);
            Matcher largeObjectList = LARGE_OBJECT_LIST.matcher(file);
            if (entry != null) {
                seen.add(entry.dumpId());
                read(member, compression, "the data of " + entry.describe(), data -> visitor.tableData(entry, data));
            } else if (largeObjectList.matches()) {
                // The list comes after the large objects it lists, so it only proves that they were all there.
                for (TocEntry e : largeObjectEntries) {
                    if (largeObjectList.group(1) == null || largeObjectList.group(1).equals(String.valueOf(e.dumpId()))) {
                        seen.add(e.dumpId());
                    }
                }
            } else if (largeObject.matches()) {
                long oid = Long.parseLong(largeObject.group(1));
                TocEntry owner = ownerOf(largeObjectEntries, file);
                read(member, compression, "large object " + oid,
                        data -> visitor.largeObject(owner, oid, data));
            }
            // restore.sql and anything else: not needed for restoring
        }
        for (TocEntry entry : toc.entries()) {
            if (entry.hasData() && !seen.contains(entry.dumpId())) {
                throw new BackupUnusableException(name + " is truncated or incomplete: it has no member "
                        + (entry.isLargeObjects() ? "blobs.toc" : entry.dataFile().orElse("?")) + " with the data of "
                        + entry.describe());
            }
        }
    }

    private TocEntry ownerOf(List<TocEntry> largeObjectEntries, String file) {
        Optional<TocEntry> first = largeObjectEntries.stream().findFirst();
        return first.orElseThrow(() -> new BackupUnusableException(name + " is corrupt: it holds the large object "
                + file + " but its TOC has no BLOBS entry"));
    }

    private void read(TarArchiveEntry member, Compression compression, String what,
                      java.util.function.Consumer<InputStream> consumer) {
        String description = name + " (member " + member.getName() + ", " + what + ")";
        try (DecodedData data = new DecodedData(compression.decodeFile(CloseShieldInputStream.wrap(tar)),
                description, compression)) {
            consumer.accept(data); // what the visitor leaves unread, getNextEntry skips
        } catch (IOException e) {
            throw new BackupUnusableException(description + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static TarArchiveEntry next(TarArchiveInputStream tar, String name) {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw new BackupUnusableException(name + " is truncated or not a tar file: " + e.getMessage(), e);
        }
    }
}
