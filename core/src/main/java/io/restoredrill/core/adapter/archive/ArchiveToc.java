package io.restoredrill.core.adapter.archive;

import io.restoredrill.core.domain.BackupUnusableException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An archive's header and table of contents, in pg_dump's order (already sorted so that every entry comes after
 * what it depends on, and by section).
 */
public record ArchiveToc(ArchiveHeader header, List<TocEntry> entries) {

    /** More entries than this is a corrupt count: a database with a million objects is already extraordinary. */
    private static final long MAX_ENTRIES = 50_000_000;

    public ArchiveToc {
        entries = List.copyOf(entries);
    }

    public Map<Integer, TocEntry> byId() {
        Map<Integer, TocEntry> byId = new LinkedHashMap<>();
        entries.forEach(e -> byId.put(e.dumpId(), e));
        return byId;
    }

    /** Reads the header and the TOC that follows it ({@code ReadHead} and {@code ReadToc}). */
    static ArchiveToc read(ArchiveInput in) {
        ArchiveHeader header = ArchiveHeader.read(in);
        ArchiveVersion v = header.version();
        long count = in.readInt("the number of TOC entries");
        if (count < 0 || count > MAX_ENTRIES) {
            throw new BackupUnusableException(in.name() + " is corrupt: its header announces " + count + " TOC entries");
        }
        List<TocEntry> entries = new ArrayList<>((int) Math.min(count, 100_000));
        for (long i = 0; i < count; i++) {
            String what = "TOC entry " + (i + 1) + " of " + count;
            int dumpId = (int) in.readInt(what);
            boolean hadDumper = in.readInt(what) != 0;
            in.readString(what); // catalogId.tableoid
            in.readString(what); // catalogId.oid
            String tag = in.readString(what).orElse("");
            String desc = in.readString(what).orElse("");
            what = "TOC entry " + dumpId + " (" + desc + " " + tag + ")";
            Section section = Section.of(in.readInt(what));
            String defn = in.readString(what).orElse("");
            String drop = in.readString(what).orElse("");
            String copy = in.readString(what).orElse("");
            Optional<String> namespace = in.readString(what).filter(s -> !s.isEmpty());
            Optional<String> tablespace = in.readString(what).filter(s -> !s.isEmpty());
            Optional<String> tableam = v.atLeast(ArchiveVersion.V1_14)
                    ? in.readString(what).filter(s -> !s.isEmpty()) : Optional.empty();
            if (v.atLeast(ArchiveVersion.V1_16)) {
                in.readInt(what); // relkind
            }
            Optional<String> owner = in.readString(what).filter(s -> !s.isEmpty());
            if (in.readString(what).orElse("").equals("true")) {
                throw new BackupUnusableException(in.name() + ": " + what + " is a table WITH OIDS, which PostgreSQL"
                        + " 12 and later cannot restore");
            }
            List<Integer> dependencies = new ArrayList<>();
            for (Optional<String> dep = in.readString(what); dep.isPresent(); dep = in.readString(what)) {
                try {
                    dependencies.add(Integer.parseInt(dep.get().strip()));
                } catch (NumberFormatException e) {
                    throw new BackupUnusableException(in.name() + " is corrupt: " + what + " depends on \""
                            + dep.get() + "\", which is not a dump id", e);
                }
            }
            Optional<Long> offset = Optional.empty();
            boolean noData = false;
            Optional<String> file = Optional.empty();
            if (header.kind() == ArchiveHeader.Kind.CUSTOM) {
                ArchiveInput.Offset o = in.readOffset(what);
                if (o.flag() < ArchiveInput.Offset.POS_NOT_SET || o.flag() > ArchiveInput.Offset.NO_DATA) {
                    throw new BackupUnusableException(in.name() + " is corrupt: " + what + " has the unknown data"
                            + " offset flag " + o.flag());
                }
                offset = o.isSet() ? Optional.of(o.position()) : Optional.empty();
                noData = o.hasNoData();
            } else {
                file = in.readString(what).filter(s -> !s.isEmpty());
            }
            entries.add(new TocEntry(dumpId, hadDumper, tag, desc, section, defn, drop, copy, namespace, tablespace,
                    tableam, owner, dependencies, offset, noData, file));
        }
        return new ArchiveToc(header, entries);
    }
}
