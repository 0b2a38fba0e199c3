package io.restoredrill.core.adapter.archive;

import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * PostgreSQL client encodings a dump may be written in (pg_dump {@code -E}, else the database's encoding), and the
 * Java charset that decodes its SQL. The restore's JDBC connection speaks UTF-8: SQL is decoded here and sent as
 * text; COPY data stays bytes and goes with {@code WITH (ENCODING '...')} so the server converts it.
 */
public final class ClientEncodings {

    private static final Map<String, Charset> CHARSETS = Map.ofEntries(
            Map.entry("UTF8", StandardCharsets.UTF_8),
            Map.entry("SQL_ASCII", StandardCharsets.UTF_8),
            Map.entry("LATIN1", StandardCharsets.ISO_8859_1),
            Map.entry("LATIN2", Charset.forName("ISO-8859-2")),
            Map.entry("LATIN9", Charset.forName("ISO-8859-15")),
            Map.entry("WIN1250", Charset.forName("windows-1250")),
            Map.entry("WIN1251", Charset.forName("windows-1251")),
            Map.entry("WIN1252", Charset.forName("windows-1252")),
            Map.entry("KOI8R", Charset.forName("KOI8-R")),
            Map.entry("EUC_JP", Charset.forName("EUC-JP")),
            Map.entry("SJIS", Charset.forName("Shift_JIS")),
            Map.entry("EUC_KR", Charset.forName("EUC-KR")),
            Map.entry("GBK", Charset.forName("GBK")),
            Map.entry("BIG5", Charset.forName("Big5")));

    private ClientEncodings() {
    }

    /** The encoding's name as PostgreSQL spells it ({@code utf-8} and {@code UTF8} are both {@code UTF8}). */
    public static String normalize(String name) {
        return name.strip().toUpperCase(Locale.ROOT).replace("UTF-8", "UTF8");
    }

    /** The charset that decodes text in {@code name}, when the restore supports it. */
    public static Optional<Charset> charset(String name) {
        return Optional.ofNullable(CHARSETS.get(normalize(name)));
    }

    /** Whether COPY data in this encoding needs {@code WITH (ENCODING ...)} on a UTF-8 connection. */
    public static boolean needsConversion(String name) {
        String normalized = normalize(name);
        return !normalized.equals("UTF8") && !normalized.equals("SQL_ASCII");
    }

    /** Every supported name, sorted, for messages. */
    public static Set<String> supported() {
        return new TreeSet<>(CHARSETS.keySet());
    }

    /** A decoder that fails on bytes that are not text in the charset, instead of replacing them. */
    public static CharsetDecoder strictDecoder(Charset charset) {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
