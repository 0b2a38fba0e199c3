package io.restoredrill.core.adapter.archive;

import java.util.List;
import java.util.Optional;

/**
 * One entry of an archive's table of contents, as {@code ReadToc} reads it: an object's SQL ({@code defn}), or
 * the data of a table ({@code hadDumper}, with its {@code COPY} statement), or a batch of large objects.
 *
 * @param dumpId       the entry's id, which dependencies and data blocks refer to
 * @param hadDumper    whether data was dumped for it (a data block or file exists)
 * @param desc         what it is: {@code TABLE}, {@code TABLE DATA}, {@code INDEX}, {@code BLOBS}, ...
 * @param copyStmt     for table data in COPY form, the {@code COPY ... FROM stdin;} statement; empty for
 *                     {@code --inserts} data, which is SQL
 * @param dependencies dump ids of the entries this one needs first
 * @param dataOffset   custom format: where the data block starts, when pg_dump could seek back to write it
 * @param dataFile     directory and tar formats: the member holding the data ({@code 3456.dat}, {@code blobs.toc})
 */
public record TocEntry(int dumpId, boolean hadDumper, String tag, String desc, Section section, String defn,
                       String dropStmt, String copyStmt, Optional<String> namespace, Optional<String> tablespace,
                       Optional<String> tableam, Optional<String> owner, List<Integer> dependencies,
                       Optional<Long> dataOffset, boolean noData, Optional<String> dataFile) {

    public TocEntry {
        dependencies = List.copyOf(dependencies);
    }

    /** {@code TOC entry 3412 (TABLE DATA shop orders)}: the entry as people and pg_restore -l name it. */
    public String describe() {
        return "TOC entry " + dumpId + " (" + desc + namespace.map(n -> " " + n).orElse("") + " " + tag + ")";
    }

    /** Whether a data block or file belongs to this entry. */
    public boolean hasData() {
        return hadDumper && !noData;
    }

    /** Table data that is a COPY stream (else SQL statements, as {@code --inserts} writes). */
    public boolean isCopy() {
        return !copyStmt.isBlank();
    }

    public boolean isLargeObjects() {
        return desc.equals("BLOBS");
    }
}
