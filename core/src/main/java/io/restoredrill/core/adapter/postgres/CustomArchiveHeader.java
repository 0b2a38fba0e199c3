package io.restoredrill.core.adapter.postgres;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header at the start of a {@code pg_dump -Fc} archive, read the way pg_restore's {@code ReadHead} does
 * (src/bin/pg_dump/pg_backup_archiver.c), so the dump's server version is known without running pg_restore.
 *
 * <p>Layout: {@code "PGDMP"}, version bytes major, minor (and revision after 1.0), intSize, offSize (from
 * 1.7), format; then the compression: an int level before 1.15, a one-byte algorithm from 1.15 on (1.16
 * changed only the TOC, not the header); from 1.4 the creation time as seven ints and the database name;
 * from 1.10 the server version and the pg_dump version. An int is a sign byte followed by intSize bytes,
 * least significant first; a string is an int length (negative for NULL) followed by that many bytes.
 *
 * @param serverVersion the {@code server_version} of the database that was dumped, e.g. {@code "15.4"}
 * @param pgDumpVersion the version of the pg_dump that wrote the archive
 */
record CustomArchiveHeader(
        int versionMajor, int versionMinor, int versionRevision, int format,
        Optional<String> databaseName, Optional<String> serverVersion, Optional<String> pgDumpVersion) {

    static final byte[] MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);

    // Header strings are names and version numbers; anything longer means we are not reading a header.
    private static final int MAX_STRING = 4096;
    private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*(\\d+)");

    /** Thrown when the bytes are not a custom-format archive header. */
    static final class NotAnArchiveException extends Exception {
        NotAnArchiveException(String message) {
            super(message);
        }
    }

    /**
     * Reads the header from the start of {@code in}, consuming only the header's bytes.
     *
     * @throws NotAnArchiveException when the bytes are not a custom-format header
     * @throws EOFException          when the stream ends inside the header
     */
    static CustomArchiveHeader read(InputStream in) throws IOException, NotAnArchiveException {
        byte[] magic = in.readNBytes(MAGIC.length);
        if (magic.length < MAGIC.length
                && Arrays.equals(magic, Arrays.copyOf(MAGIC, magic.length))) {
            throw new EOFException("archive header ends early");
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new NotAnArchiveException("does not start with \"PGDMP\"");
        }
        int major = readByte(in);
        int minor = readByte(in);
        int revision = (major > 1 || (major == 1 && minor > 0)) ? readByte(in) : 0;
        int version = archiveVersion(major, minor, revision);
        if (major != 1) {
            throw new NotAnArchiveException("unsupported archive version " + major + "." + minor);
        }
        int intSize = readByte(in);
        if (intSize < 1 || intSize > 32) {
            throw new NotAnArchiveException("implausible integer size " + intSize);
        }
        Reader reader = new Reader(in, intSize, version);
        if (version >= archiveVersion(1, 7, 0)) {
            readByte(in); // offSize
        }
        int format = readByte(in);
        if (version >= archiveVersion(1, 15, 0)) {
            readByte(in); // compression algorithm
        } else if (version >= archiveVersion(1, 4, 0)) {
            reader.readInt(); // compression level
        } else if (version >= archiveVersion(1, 2, 0)) {
            readByte(in); // compression level, one byte before 1.4
        }
        Optional<String> database = Optional.empty();
        if (version >= archiveVersion(1, 4, 0)) {
            for (int i = 0; i < 7; i++) {
                reader.readInt(); // creation time: sec, min, hour, mday, mon, year, isdst
            }
            database = reader.readString();
        }
        Optional<String> server = Optional.empty();
        Optional<String> pgDump = Optional.empty();
        if (version >= archiveVersion(1, 10, 0)) {
            server = reader.readString();
            pgDump = reader.readString();
        }
        return new CustomArchiveHeader(major, minor, revision, format, database, server, pgDump);
    }

    /** The major version of the dumped server: 15 for "15.4", 9 for "9.6.24" (pre-10 majors have two parts). */
    Optional<Integer> serverMajorVersion() {
        return serverVersion.flatMap(CustomArchiveHeader::leadingNumber);
    }

    /** {@code 1.14-0}, as pg_restore prints archive versions. */
    String archiveVersion() {
        return versionMajor + "." + versionMinor + "-" + versionRevision;
    }

    static Optional<Integer> leadingNumber(String version) {
        Matcher m = LEADING_NUMBER.matcher(version);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(m.group(1)));
        } catch (NumberFormatException e) {
            return Optional.empty(); // more digits than an int: not a version
        }
    }

    private static int archiveVersion(int major, int minor, int revision) {
        return (major * 256 + minor) * 256 + revision;
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("archive header ends early");
        }
        return b;
    }

    private record Reader(InputStream in, int intSize, int version) {

        long readInt() throws IOException {
            // Archives before 1.1 had no sign byte.
            int sign = version > archiveVersion(1, 0, 0) ? readByte(in) : 0;
            long value = 0;
            for (int i = 0; i < intSize; i++) {
                long b = readByte(in);
                if (i < 8) {
                    value |= b << (8 * i);
                }
            }
            return sign != 0 ? -value : value;
        }

        Optional<String> readString() throws IOException, NotAnArchiveException {
            long length = readInt();
            if (length < 0) {
                return Optional.empty();
            }
            if (length > MAX_STRING) {
                throw new NotAnArchiveException("implausible string length " + length + " in header");
            }
            byte[] bytes = in.readNBytes((int) length);
            if (bytes.length < length) {
                throw new EOFException("archive header ends early");
            }
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
