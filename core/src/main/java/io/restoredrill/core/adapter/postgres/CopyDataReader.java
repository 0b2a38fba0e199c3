package io.restoredrill.core.adapter.postgres;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.function.LongConsumer;

/**
 * The data of one {@code COPY ... FROM stdin} in a plain dump, passed to the {@link ScriptTarget} as large slices of
 * the read buffer up to the {@code \.} line. This is the hot loop of a restore: the bytes are never decoded or
 * copied, only scanned for line ends and for the terminator.
 */
final class CopyDataReader {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;

    private final DumpInput in;
    private final ScriptTarget target;

    CopyDataReader(DumpInput in, ScriptTarget target) {
        this.in = in;
        this.target = target;
    }

    /** Skips what is left of the line at {@code in.pos}, its newline included. */
    void skipRestOfLine(long copyLine, String table) {
        for (;;) {
            if (in.pos == in.limit && !in.fill()) {
                throw in.truncated("it ends right after the COPY into " + table + " at line " + copyLine);
            }
            if (in.buf[in.pos++] == '\n') {
                in.line++;
                return;
            }
        }
    }

    /**
     * Sends the data lines that start at {@code in.pos} to the target, and reads the {@code \.} line after them;
     * returns how many data lines there were. {@code beforeRefill} hears the rows sent so far each time the
     * buffer is about to be refilled (for progress).
     */
    long pass(long copyLine, String table, LongConsumer beforeRefill) {
        byte[] buf = in.buf;
        long lines = 0;
        int p = in.pos;
        int sliceStart = p;
        boolean lineStart = true;
        for (;;) {
            if (lineStart) {
                if (in.limit - p < 4 && !in.atEnd()) {
                    flush(sliceStart, p, lines);
                    in.pos = p;
                    beforeRefill.accept(lines);
                    in.fill();
                    p = in.pos;
                    sliceStart = p;
                    continue;
                }
                if (p == in.limit) {
                    flush(sliceStart, p, lines);
                    in.pos = p;
                    throw in.truncated("it ends inside the data of the COPY into " + table + " at line " + copyLine
                            + ", after " + lines + " rows");
                }
                if (buf[p] == '\\' && isCopyTerminator(p)) {
                    flush(sliceStart, p, lines);
                    in.pos = p;
                    skipRestOfLine(copyLine, table);
                    in.line += lines;
                    return lines;
                }
                lineStart = false;
            }
            int nl = indexOfNewline(buf, p, in.limit);
            if (nl < 0) {
                flush(sliceStart, in.limit, lines);
                in.pos = in.limit;
                beforeRefill.accept(lines);
                if (!in.fill()) {
                    throw in.truncated("it ends inside the data of the COPY into " + table + " at line " + copyLine
                            + ", in the middle of row " + (lines + 1));
                }
                p = in.pos;
                sliceStart = p;
                continue;
            }
            lines++;
            p = nl + 1;
            lineStart = true;
        }
    }

    /**
     * The next {@code \n} in {@code b[from, end)}, or -1. Tests eight bytes at a time (the classic "has a zero
     * byte" bit trick on {@code word ^ 0x0a0a...}): the COPY loop spends most of its time here.
     */
    private static int indexOfNewline(byte[] b, int from, int end) {
        int i = from;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long word = (long) LONGS.get(b, i) ^ NEWLINES;
            long zeroBytes = (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
            if (zeroBytes != 0) {
                return i + (Long.numberOfTrailingZeros(zeroBytes) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** {@code \.} alone on its line (a data line never starts with it: COPY escapes backslashes). */
    private boolean isCopyTerminator(int p) {
        byte[] buf = in.buf;
        int limit = in.limit;
        if (p + 1 >= limit || buf[p + 1] != '.') {
            return false;
        }
        int after = p + 2;
        if (after == limit || buf[after] == '\n') {
            return true;
        }
        return buf[after] == '\r' && (after + 1 == limit || buf[after + 1] == '\n');
    }

    /** Passes {@code buf[from, to)}; {@code rows} is the number of data lines that end before {@code to}. */
    private void flush(int from, int to, long rows) {
        if (to > from) {
            target.copyData(in.buf, from, to - from, rows);
        }
    }
}
