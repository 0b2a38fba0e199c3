package io.restoredrill.core.adapter.postgres;

import io.restoredrill.core.adapter.source.FolderBackupSource;
import io.restoredrill.core.domain.BackupRef;
import io.restoredrill.core.domain.BackupUnusableException;
import io.restoredrill.core.port.DatabaseEndpoint;
import io.restoredrill.core.port.RestoreProgress;
import io.restoredrill.core.testing.PgDump;
import io.restoredrill.core.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Archives that pg_dump wrote in another encoding than UTF-8 ({@code -E}, or a database in that encoding): their TOC's
 * SQL (names, comments, defaults) and their data are in it. The real pg_dump 15 writes them; they restore into a
 * UTF-8 database with every character as it was.
 */
class ArchiveEncodingTest {

    @TempDir
    static Path dumps;
    private static DatabaseEndpoint source;
    private static List<String> expected;

    @BeforeAll
    static void createTheSource() throws Exception {
        source = TestPostgres.createDatabase("archive_encoding_src");
        TestPostgres.execute(source,
                "CREATE TABLE kunden_größe (id int PRIMARY KEY, name text NOT NULL DEFAULT 'Zoë', stadt text)",
                "COMMENT ON TABLE kunden_größe IS 'Kunden mit Umlauten: ä ö ü ß, und € in WIN1252'",
                "INSERT INTO kunden_größe SELECT g, 'Müller ' || g, CASE WHEN g % 2 = 0 THEN 'Köln' ELSE 'Besançon'"
                        + " END FROM generate_series(1, 2000) g",
                "INSERT INTO kunden_größe (id, stadt) VALUES (0, 'naïve café, 5 €')");
        expected = contents(source);
        assertThat(expected).contains("0|Zoë|naïve café, 5 €");
    }

    private static List<String> contents(DatabaseEndpoint db) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestPostgres.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id || '|' || name || '|' || coalesce(stadt, '') FROM kunden_größe"
                     + " ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        try (Connection c = TestPostgres.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT obj_description('kunden_größe'::regclass, 'pg_class')")) {
            rs.next();
            rows.add("comment: " + rs.getString(1));
        }
        return rows;
    }

    private static void restore(Path dump, int jobs, DatabaseEndpoint target) throws Exception {
        FolderBackupSource folder = new FolderBackupSource(dump.getParent());
        BackupRef ref = folder.list().stream().filter(b -> b.name().equals(dump.getFileName().toString()))
                .findFirst().orElseThrow();
        try (InputStream in = folder.open(ref)) {
            new ArchiveRestorer(jobs).restore(ref, in, folder.members(ref), target, RestoreProgress.NONE);
        }
    }

    @ParameterizedTest(name = "{0} {1}, {2} job(s)")
    @CsvSource({
        "WIN1252, -Fc, 1", "WIN1252, -Fc, 2", "WIN1252, -Fd, 2", "WIN1252, -Ft, 1",
        "UTF8, -Fc, 2"})
    void restoresAnArchiveDumpedInTheEncodingWithEveryCharacterAsItWas(String encoding, String format, int jobs)
            throws Exception {
        Path dump = PgDump.run(source, Files.createDirectories(dumps.resolve(encoding + format + jobs))
                .resolve("shop" + (format.equals("-Fd") ? "" : format.equals("-Ft") ? ".tar" : ".dump")),
                format, "-E", encoding);
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_encoding");

        restore(dump, jobs, target);

        assertThat(contents(target)).isEqualTo(expected);
    }

    @Test
    void restoresInsertStatementsDumpedInLatin9() throws Exception {
        Path dump = PgDump.run(source, Files.createDirectories(dumps.resolve("inserts")).resolve("shop.dump"), "-Fc",
                "-E", "LATIN9", "--inserts");
        DatabaseEndpoint target = TestPostgres.createDatabase("archive_encoding_inserts");

        restore(dump, 2, target);

        assertThat(contents(target)).isEqualTo(expected);
    }

    @Test
    void anArchiveInAnEncodingTheReaderCannotDecodeFailsNamingIt() throws Exception {
        DatabaseEndpoint ascii = TestPostgres.createDatabase("archive_encoding_ascii");
        TestPostgres.execute(ascii, "CREATE TABLE t (x text)", "INSERT INTO t VALUES ('plain ASCII')");
        Path dump = PgDump.run(ascii, Files.createDirectories(dumps.resolve("euc_tw")).resolve("t.dump"), "-Fc",
                "-E", "EUC_TW");

        Throwable t = catchThrowable(() -> restore(dump, 2, TestPostgres.createDatabase("archive_encoding_tw")));

        assertThat(t).isInstanceOf(BackupUnusableException.class)
                .hasMessageContaining("t.dump was dumped in the encoding EUC_TW, which restore-drill cannot decode")
                .hasMessageContaining("LATIN1");
    }
}
