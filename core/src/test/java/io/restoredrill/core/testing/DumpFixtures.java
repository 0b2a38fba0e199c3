package io.restoredrill.core.testing;

import io.restoredrill.core.port.DatabaseEndpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The dump fixtures under {@code src/test/resources/dumps/pg<major>/}, made by the real pg_dump of each major
 * (scripts/make-fixture-dumps.sh), and what their MANIFEST says a correct restore holds.
 */
public final class DumpFixtures {

    private DumpFixtures() {
    }

    /** Fixture folders copied out of core's test-jar, once per JVM and major. */
    private static final Map<Integer, Path> EXTRACTED = new ConcurrentHashMap<>();

    /**
     * The fixture folder of one major: in core's own build a folder of its test classes; from another module's
     * build (which reads core's test-jar) a copy of it in a temporary folder, so that files and directory archives
     * are plain files every reader (and pg_restore) can open.
     */
    public static Path folder(int major) {
        URL url = DumpFixtures.class.getResource("/dumps/pg" + major + "/MANIFEST");
        if (url == null) {
            throw new IllegalStateException("no dump fixtures of PostgreSQL " + major + " on the test class path");
        }
        try {
            URI uri = url.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return Path.of(uri).getParent();
            }
            return EXTRACTED.computeIfAbsent(major, m -> extract(uri));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path extract(URI manifestInJar) {
        try {
            FileSystem jar;
            try {
                jar = FileSystems.newFileSystem(manifestInJar, Map.of());
            } catch (FileSystemAlreadyExistsException e) {
                jar = FileSystems.getFileSystem(manifestInJar);
            }
            Path source = jar.provider().getPath(manifestInJar).getParent();
            Path target = Files.createTempDirectory("dump-fixtures-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(target)));
            try (Stream<Path> tree = Files.walk(source)) {
                for (Path from : tree.toList()) {
                    Path to = target.resolve(source.relativize(from).toString());
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(from, to);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the dump fixtures out of " + manifestInJar, e);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> tree = Files.walk(folder)) {
            for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A copy left in the temporary folder is harmless; the JVM is exiting.
        }
    }

    /** A fixture file (or directory archive) of one major, e.g. {@code file(16, "shop.custom-lz4.dump")}. */
    public static Path file(int major, String name) {
        Path file = folder(major).resolve(name);
        if (!Files.exists(file)) {
            throw new IllegalStateException("no fixture " + file);
        }
        return file;
    }

    /** One table the source database held: its rows' count and fingerprint (see MANIFEST's "fingerprint" line). */
    public record ExpectedTable(String database, String schema, String table, long rows, String md5) {
        /** {@code "schema"."table"}, quoted for SQL. */
        public String qualifiedName() {
            return quote(schema) + "." + quote(table);
        }

        private static String quote(String identifier) {
            return '"' + identifier.replace("\"", "\"\"") + '"';
        }
    }

    /** The tables of {@code database} listed in the MANIFEST of {@code major}, in the MANIFEST's order. */
    public static List<ExpectedTable> expectedTables(int major, String database) {
        List<ExpectedTable> tables = new ArrayList<>();
        for (String[] f : manifest(major)) {
            if (f[0].equals("table") && f[1].equals(database)) {
                tables.add(new ExpectedTable(f[1], f[2], f[3], Long.parseLong(f[4]), f[5]));
            }
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("MANIFEST of PostgreSQL " + major + " lists no table of " + database);
        }
        return tables;
    }

    /** The SET statements the fingerprints were computed under. */
    public static String settings(int major) {
        return manifest(major).stream().filter(f -> f[0].equals("settings")).findFirst()
                .map(f -> f[1]).orElseThrow(() -> new IllegalStateException("MANIFEST has no settings line"));
    }

    /** The query whose result is {@link ExpectedTable#rows()} and {@link ExpectedTable#md5()} for one table. */
    public static String fingerprintQuery(ExpectedTable table) {
        return "SELECT count(*), md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text COLLATE \"C\"), ''))"
                + " FROM (SELECT * FROM " + table.qualifiedName() + ") AS r";
    }

    /**
     * The same lines as {@link #expectedTables}, computed on a restored copy: a test asserts the two are equal.
     *
     * @throws IllegalStateException when a listed table is missing from {@code restored}
     */
    public static List<ExpectedTable> restoredTables(DatabaseEndpoint restored, int major, String database) {
        List<ExpectedTable> tables = new ArrayList<>();
        try (Connection c = TestPostgres.connect(restored); Statement s = c.createStatement()) {
            s.execute(settings(major));
            for (ExpectedTable expected : expectedTables(major, database)) {
                try (ResultSet rs = s.executeQuery(fingerprintQuery(expected))) {
                    rs.next();
                    tables.add(new ExpectedTable(database, expected.schema(), expected.table(), rs.getLong(1),
                            rs.getString(2)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot fingerprint " + restored.describe() + ": " + e.getMessage(), e);
        }
        return tables;
    }

    private static List<String[]> manifest(int major) {
        try {
            return Files.readAllLines(folder(major).resolve("MANIFEST"), StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("\t", -1))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
