package io.restoredrill.core.adapter.archive;

import io.restoredrill.core.domain.BackupUnusableException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * pg_dump's archive encodings read from a stream, counting bytes so that every failure names where it happened
 * (pg_backup_archiver.c: {@code ReadInt}, {@code ReadStr}, {@code ReadOffset}). An int is a sign byte (non-zero
 * for negative) followed by {@code intSize} bytes, least significant first; a string is an int length (negative
 * for NULL) followed by that many bytes; an offset is a flag byte followed by {@code offSize} bytes.
 *
 * <p>Every read that runs into the end of the stream fails as a truncated archive, saying what was being read.
 */
final class ArchiveInput {

    /** A TOC string longer than this is a corrupt length, not SQL (a view or function body is far smaller). */
    private static final long MAX_STRING = 256L << 20;

    private final InputStream in;
    private final String name;
    private final OptionalLong totalBytes;
    private long position;
    private int intSize = 4;
    private int offSize = 8;

    /**
     * @param name       the archive (or member) for messages: a path or an S3 URI
     * @param totalBytes its size when known, so that a length running past the end is caught before reading
     */
    ArchiveInput(InputStream in, String name, OptionalLong totalBytes) {
        this(in, name, totalBytes, 0);
    }

    /** Reading from byte {@code startsAt} of the archive: positions in messages stay the archive's own. */
    ArchiveInput(InputStream in, String name, OptionalLong totalBytes, long startsAt) {
        this.in = in;
        this.name = name;
        this.totalBytes = totalBytes;
        this.position = startsAt;
    }

    /** Another stream of the same archive, from byte {@code startsAt}, with this one's int and offset sizes. */
    ArchiveInput reading(InputStream other, long startsAt) {
        ArchiveInput input = new ArchiveInput(other, name, totalBytes, startsAt);
        input.sizes(intSize, offSize);
        return input;
    }

    String name() {
        return name;
    }

    long position() {
        return position;
    }

    void sizes(int intSize, int offSize) {
        this.intSize = intSize;
        this.offSize = offSize;
    }

    /** The next byte, or -1 at the end of the stream (where a data block may legitimately start or not). */
    int readByteOrEnd() {
        try {
            int b = in.read();
            if (b >= 0) {
                position++;
            }
            return b;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    int readByte(String what) {
        int b = readByteOrEnd();
        if (b < 0) {
            throw truncated(what);
        }
        return b;
    }

    long readInt(String what) {
        int sign = readByte(what);
        long value = 0;
        for (int i = 0; i < intSize; i++) {
            long b = readByte(what);
            if (i < 8) {
                value |= b << (8 * i);
            }
        }
        return sign != 0 ? -value : value;
    }

    /** An offset: its flag ({@code K_OFFSET_*}) and the position, meaningful only when the flag says it is set. */
    Offset readOffset(String what) {
        int flag = readByte(what);
        long value = 0;
        for (int i = 0; i < offSize; i++) {
            long b = readByte(what);
            if (i < 8) {
                value |= b << (8 * i);
            }
        }
        return new Offset(flag, value);
    }

    /** A string as UTF-8 text (the header's, which pg_dump writes in ASCII or UTF-8). */
    Optional<String> readString(String what) {
        return readStringBytes(what).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * A string whose bytes are kept as they are, one char per byte (ISO-8859-1 maps every byte to the char of the
     * same value): the TOC's strings are in the dump's encoding, which its ENCODING entry names only once they are
     * read ({@link ArchiveToc}, which decodes them then).
     */
    Optional<String> readRawString(String what) {
        return readStringBytes(what).map(bytes -> new String(bytes, StandardCharsets.ISO_8859_1));
    }

    private Optional<byte[]> readStringBytes(String what) {
        long at = position;
        long length = readInt(what);
        if (length < 0) {
            return Optional.empty();
        }
        if (length > MAX_STRING) {
            throw new BackupUnusableException(name + " is corrupt: " + what + " at byte " + at + " claims " + length
                    + " bytes");
        }
        requireRemaining(length, what, at);
        return Optional.of(readBytes((int) length, what));
    }

    byte[] readBytes(int length, String what) {
        try {
            byte[] bytes = in.readNBytes(length);
            position += bytes.length;
            if (bytes.length < length) {
                throw truncated(what + " (" + length + " bytes expected, " + bytes.length + " there)");
            }
            return bytes;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** Reads up to {@code length} bytes into {@code buffer}; fails, naming {@code what}, at the end of the stream. */
    int readSome(byte[] buffer, int offset, int length, String what) {
        try {
            int n = in.read(buffer, offset, length);
            if (n < 0) {
                throw truncated(what);
            }
            position += n;
            return n;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** Fails when fewer than {@code length} bytes are left after the current position (when the size is known). */
    void requireRemaining(long length, String what, long at) {
        if (totalBytes.isPresent() && position + length > totalBytes.getAsLong()) {
            throw new BackupUnusableException(name + " is corrupt or truncated: " + what + " at byte " + at
                    + " says " + length + " bytes follow, but the archive has only "
                    + (totalBytes.getAsLong() - position) + " bytes left (" + totalBytes.getAsLong() + " in all)");
        }
    }

    BackupUnusableException truncated(String what) {
        return new BackupUnusableException(name + " is truncated: it ends at byte " + position + " inside " + what);
    }

    private BackupUnusableException unreadable(IOException e) {
        return new BackupUnusableException("cannot read " + name + " at byte " + position + ": " + e.getMessage(), e);
    }

    /** {@code K_OFFSET_POS_NOT_SET}, {@code K_OFFSET_POS_SET}, {@code K_OFFSET_NO_DATA} (pg_backup_archiver.h). */
    record Offset(int flag, long position) {
        static final int POS_NOT_SET = 1;
        static final int POS_SET = 2;
        static final int NO_DATA = 3;

        boolean isSet() {
            return flag == POS_SET;
        }

        boolean hasNoData() {
            return flag == NO_DATA;
        }
    }
}
