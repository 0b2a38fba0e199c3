package io.restoredrill.core.adapter.archive;

import io.restoredrill.core.domain.BackupUnusableException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An archive's header and table of contents, in pg_dump's order (already sorted so that every entry comes after
 * what it depends on, and by section).
 */
public record ArchiveToc(ArchiveHeader header, List<TocEntry> entries) {

    /** More entries than this is a corrupt count: a database with a million objects is already extraordinary. */
    private static final long MAX_ENTRIES = 50_000_000;
    private static final Pattern ENCODING_NAME = Pattern.compile("(?is).*client_encoding\\s*=\\s*'([^']*)'.*");

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
            in.readRawString(what); // catalogId.tableoid
            in.readRawString(what); // catalogId.oid
            String tag = in.readRawString(what).orElse("");
            String desc = in.readRawString(what).orElse("");
            what = "TOC entry " + dumpId + " (" + desc + " " + tag + ")";
            Section section = Section.of(in.readInt(what));
            String defn = in.readRawString(what).orElse("");
            String drop = in.readRawString(what).orElse("");
            String copy = in.readRawString(what).orElse("");
            Optional<String> namespace = in.readRawString(what).filter(s -> !s.isEmpty());
            Optional<String> tablespace = in.readRawString(what).filter(s -> !s.isEmpty());
            Optional<String> tableam = v.atLeast(ArchiveVersion.V1_14)
                    ? in.readRawString(what).filter(s -> !s.isEmpty()) : Optional.empty();
            if (v.atLeast(ArchiveVersion.V1_16)) {
                in.readInt(what); // relkind
            }
            Optional<String> owner = in.readRawString(what).filter(s -> !s.isEmpty());
            if (in.readRawString(what).orElse("").equals("true")) {
                throw new BackupUnusableException(in.name() + ": " + what + " is a table WITH OIDS, which PostgreSQL"
                        + " 12 and later cannot restore");
            }
            List<Integer> dependencies = new ArrayList<>();
            for (Optional<String> dep = in.readRawString(what); dep.isPresent(); dep = in.readRawString(what)) {
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
                file = in.readRawString(what).filter(s -> !s.isEmpty());
            }
            entries.add(new TocEntry(dumpId, hadDumper, tag, desc, section, defn, drop, copy, namespace, tablespace,
                    tableam, owner, dependencies, offset, noData, file));
        }
        return new ArchiveToc(header, decoded(entries, in.name()));
    }

    /**
     * The TOC's strings decoded in the dump's encoding, which its ENCODING entry ({@code SET client_encoding =
     * 'LATIN1';}) names; UTF-8 when it names none. UTF-8 text is decoded as before (a byte that is not UTF-8 becomes
     * U+FFFD); text in another encoding must be valid in it.
     */
    private static List<TocEntry> decoded(List<TocEntry> raw, String archiveName) {
        String encoding = encodingOf(raw).orElse("UTF8");
        Charset charset = ClientEncodings.charset(encoding).orElseThrow(() -> new BackupUnusableException(archiveName
                + " was dumped in the encoding " + encoding + ", which restore-drill cannot decode (it decodes "
                + String.join(", ", ClientEncodings.supported()) + "; dump with pg_dump -E UTF8)"));
        boolean strict = ClientEncodings.needsConversion(encoding);
        List<TocEntry> entries = new ArrayList<>(raw.size());
        for (TocEntry e : raw) {
            java.util.function.UnaryOperator<String> text = s -> decode(s, charset, strict, archiveName, e);
            entries.add(new TocEntry(e.dumpId(), e.hadDumper(), text.apply(e.tag()), e.desc(), e.section(),
                    text.apply(e.defn()), text.apply(e.dropStmt()), text.apply(e.copyStmt()), e.namespace().map(text),
                    e.tablespace().map(text), e.tableam().map(text), e.owner().map(text), e.dependencies(),
                    e.dataOffset(), e.noData(), e.dataFile()));
        }
        return entries;
    }

    private static String decode(String raw, Charset charset, boolean strict, String archiveName, TocEntry entry) {
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        if (!strict) {
            return new String(bytes, charset);
        }
        try {
            return ClientEncodings.strictDecoder(charset).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BackupUnusableException(archiveName + " is corrupt: " + entry.describe() + " holds text that is"
                    + " not valid " + charset.name() + ", the encoding its TOC names", e);
        }
    }

    /** The encoding the dump was written in, from its ENCODING entry. */
    private static Optional<String> encodingOf(List<TocEntry> entries) {
        return entries.stream().filter(e -> e.desc().equals("ENCODING")).findFirst()
                .map(e -> ENCODING_NAME.matcher(e.defn()))
                .filter(java.util.regex.Matcher::matches)
                .map(m -> ClientEncodings.normalize(m.group(1)));
    }

    /** The encoding the dump's text and COPY data are in (its ENCODING entry; UTF8 when it has none). */
    public String encoding() {
        return encodingOf(entries).orElse("UTF8");
    }
}
